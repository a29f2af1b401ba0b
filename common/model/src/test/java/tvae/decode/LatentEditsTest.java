package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The playground's latent arithmetic on hand-made 2-token points, answers computed by hand. */
class LatentEditsTest {
    private static final float[][] A = {{1, 2}, {3, 4}};
    private static final float[][] B = {{5, 6}, {7, 8}};

    @Test
    void aWeightedMeanNormalisesTheWeights() {
        float[][] child = LatentEdits.weightedMean(List.of(A, B), List.of(3.0, 1.0));   // ¾·A + ¼·B
        assertArrayEquals(new float[] {2, 3}, child[0], 1e-6f);
        assertArrayEquals(new float[] {4, 5}, child[1], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> LatentEdits.weightedMean(List.of(A, B), List.of(0.0, 0.0)));
        assertThrows(IllegalArgumentException.class, () -> LatentEdits.weightedMean(List.of(A, B), List.of(1.0, -1.0)));
    }

    @Test
    void aDirectionIsTheDifferenceOfTheGroupMeansAndMovesAPointByItsStrength() {
        float[][] up = LatentEdits.direction(List.<float[][]>of(A), List.of(B, B));
        assertArrayEquals(new float[] {4, 4}, up[0], 1e-6f);
        assertEquals(8, LatentEdits.norm(up), 1e-6);
        float[][] halfway = LatentEdits.moved(A, up, 0.5);
        assertArrayEquals(new float[] {3, 4}, halfway[0], 1e-6f);
        assertArrayEquals(new float[] {5, 6}, halfway[1], 1e-6f);
        assertArrayEquals(new float[] {1, 2}, A[0], "the argument is left alone");
    }

    @Test
    void swappingTakesOnlyTheNamedTokens() {
        float[][] swapped = LatentEdits.swapped(A, B, Set.of(1));
        assertArrayEquals(A[0], swapped[0]);
        assertArrayEquals(B[1], swapped[1]);
    }

    @Test
    void noiseIsDrawnFromTheGivenRandomAndScalesWithTheDeviation() {
        float[][] once = LatentEdits.withNoise(A, 0.5, new Random(3));
        float[][] again = LatentEdits.withNoise(A, 0.5, new Random(3));
        assertArrayEquals(once[1], again[1]);
        Random expected = new Random(3);
        assertEquals(1 + 0.5 * expected.nextGaussian(), once[0][0], 1e-6);
        assertArrayEquals(A[0], LatentEdits.withNoise(A, 0, new Random(3))[0]);
    }

    @Test
    void aRandomDirectionHasTheAskedLengthAndFavoursNoDirection() {
        float[][] random = LatentEdits.randomDirection(A, 8, new Random(5));
        assertEquals(8, LatentEdits.norm(random), 1e-5);
        assertEquals(2, random.length);
        assertArrayEquals(random[1], LatentEdits.randomDirection(A, 8, new Random(5))[1], "the same seed draws the same direction");
        // the mean of many unit directions tends to 0: no coordinate is preferred (each component has deviation ½ here)
        double[] sum = new double[4];
        int draws = 4000;
        Random seeded = new Random(9);
        for (int d = 0; d < draws; d++) {
            float[][] unit = LatentEdits.randomDirection(A, 1, seeded);
            sum[0] += unit[0][0];
            sum[1] += unit[0][1];
            sum[2] += unit[1][0];
            sum[3] += unit[1][1];
        }
        for (double total : sum) {
            assertEquals(0, total / draws, 0.05);   // 6 standard errors (0.5 / √4000 ≈ 0.008)
        }
    }
}
