package tvae.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    @Test
    void eightRightOfTenMatchesTheHandComputedInterval() {
        // centre (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.71674, half-width 1.96 / 1.38416 · √(0.016 + 0.009604) = 0.22658
        WilsonInterval interval = WilsonInterval.of(8, 10);
        assertEquals(0.4902, interval.low(), 5e-5);
        assertEquals(0.9433, interval.high(), 5e-5);
    }

    @Test
    void noneRightStartsAtZeroAndAllRightEndsAtOne() {
        WilsonInterval none = WilsonInterval.of(0, 10);
        assertEquals(0.0, none.low());
        assertEquals(0.2775, none.high(), 5e-5);
        WilsonInterval all = WilsonInterval.of(10, 10);
        assertEquals(0.7225, all.low(), 5e-5);
        assertEquals(1.0, all.high());
    }

    @Test
    void refusesAnEmptyTestSetAndImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(11, 10));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(-1, 10));
    }

    @Test
    void aScoreCarriesItsAccuracyAndInterval() {
        ProbeScore score = ProbeScore.of(ProbeScore.MAJORITY, ProbeSplit.STRATIFIED, 8, 30, 10, 2);
        assertEquals(0.8, score.accuracy(), 1e-12);
        assertEquals(0.4902, score.ciLow(), 5e-5);
        assertEquals(0.9433, score.ciHigh(), 5e-5);
        assertEquals(30, score.trainSize());
        assertEquals(10, score.testSize());
    }
}
