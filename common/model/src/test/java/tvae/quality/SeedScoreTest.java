package tvae.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hand-made paths with hand-computed scores. */
class SeedScoreTest {
    private static final LinePair PAIR = new LinePair("x = 1", "return y");

    @Test
    void validNovelAndDistinctAreCountedOverInnerPoints() {
        // Path 1 snaps: four points are A, five are B, all valid: 9 valid, 0 novel, 2 distinct lines.
        JudgedPath snaps = new JudgedPath(PAIR,
                List.of("x = 1", "x = 1", "x = 1", "x = 1", "return y", "return y", "return y", "return y", "return y"),
                List.of(true, true, true, true, true, true, true, true, true));
        // Path 2 travels: A, then three new valid lines, two invalid ones, a new valid repeated twice, then B:
        // valid 7, novel 5 (x = 2, x = y, return x, x = 3 twice), distinct 8.
        JudgedPath travels = new JudgedPath(PAIR,
                List.of("x = 1", "x = 2", "x = y", "return x", "x = (", "return (", "x = 3", "x = 3", "return y"),
                List.of(true, true, true, true, false, false, true, true, true));

        SeedScore score = SeedScore.of(List.of(snaps, travels));

        assertEquals(2, score.pairs());
        assertEquals(16.0 / 18, score.validShare(), 1e-12);
        assertEquals(5.0 / 18, score.novelValidShare(), 1e-12);
        assertEquals((2 + 8) / 2.0, score.distinctLinesPerPath(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0.5, 0.5, 1, 1, 1}, score.validByRatio(), 1e-12);
    }

    @Test
    void pairsAreSpreadOverTheWholeListAndFixed() {
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "x = " + i).toList();

        List<LinePair> pairs = SeedScore.heldOutPairs(lines, 4);

        // stride 100 / 8 = 12: lines 0/12, 24/36, 48/60, 72/84
        assertEquals(List.of(new LinePair("x = 0", "x = 12"), new LinePair("x = 24", "x = 36"),
                new LinePair("x = 48", "x = 60"), new LinePair("x = 72", "x = 84")), pairs);
        assertEquals(pairs, SeedScore.heldOutPairs(lines, 4));
        assertEquals(2, SeedScore.heldOutPairs(List.of("a", "b", "c", "d", "e"), 10).size(), "no more pairs than lines allow");
    }

    @Test
    void aPathNeedsOneLineAndVerdictPerInnerRatio() {
        assertThrows(IllegalArgumentException.class, () -> new JudgedPath(PAIR, List.of("x = 1"), List.of(true)));
    }
}
