package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The heap's pick equals sorting the whole vocabulary, ties (which coarse scores make common) included. */
class TopTokensTest {
    @Test
    void picksWhatSortingTheWholeRowPicks() {
        Random random = new Random(7);
        int vocab = 300;
        float[] scores = new float[3 * vocab];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextInt(40) / 4f - 10;         // few distinct values: many ties
        }
        for (int row = 0; row < 3; row++) {
            int offset = row * vocab;
            int[] sorted = IntStream.range(0, vocab).boxed()
                    .sorted(Comparator.comparingDouble((Integer id) -> -scores[offset + id]).thenComparingInt(id -> id))
                    .mapToInt(Integer::intValue).toArray();
            for (int count : new int[] {1, 4, 17, vocab, vocab + 5}) {
                assertArrayEquals(Arrays.copyOf(sorted, Math.min(count, vocab)), TopTokens.best(scores, offset, vocab, count),
                        "row " + row + ", count " + count);
            }
        }
    }
}
