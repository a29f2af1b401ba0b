package tvae.evaluator.judging;

import tvae.judge.DigitJudgement;

/**
 * The digit judge's view of a decoded digit: the digit it sees, how sure it is, whether that is plausible, and for an
 * interpolation point the digits it sees in the pair's two inputs (null otherwise), which a path should move between.
 */
public record DigitVerdict(int digit, double confidence, boolean plausible, Integer fromDigit, Integer toDigit) {
    static DigitVerdict of(DigitJudgement sample, DigitJudgement from, DigitJudgement to) {
        return new DigitVerdict(sample.digit(), sample.confidence(), sample.plausible(),
                from == null ? null : from.digit(), to == null ? null : to.digit());
    }
}
