package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tvae.events.Mixing;

class LatentMixingTest {
    @Test
    void slerpKeepsTheNormBetweenEqualNormEndsWhereLinearShrinks() {
        float[][] a = {{1, 0}};
        float[][] b = {{0, 1}};
        float[] half = LatentMixing.mix(a, b, 0.5, Mixing.SLERP)[0];
        assertEquals(1.0, Math.hypot(half[0], half[1]), 1e-6);
        float[] linear = LatentMixing.mix(a, b, 0.5, Mixing.LINEAR)[0];
        assertEquals(Math.sqrt(0.5), Math.hypot(linear[0], linear[1]), 1e-6);
        assertArrayEquals(a[0], LatentMixing.mix(a, b, 0, Mixing.SLERP)[0], 1e-6f);
        assertArrayEquals(b[0], LatentMixing.mix(a, b, 1, Mixing.SLERP)[0], 1e-6f);
    }

    @Test
    void slerpOfParallelVectorsFallsBackToLinear() {
        float[][] a = {{2, 2}};
        float[][] b = {{1, 1}};
        assertArrayEquals(new float[] {1.5f, 1.5f}, LatentMixing.mix(a, b, 0.5, Mixing.SLERP)[0], 1e-6f);
    }
}
