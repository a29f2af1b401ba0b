package tvae.judge;

/**
 * What the digit judge says of one image: the digit it most believes and how sure it is (the softmax probability of
 * that digit). A decoded digit is plausible when the judge is at least {@link #PLAUSIBLE_CONFIDENCE} sure of some digit.
 */
public record DigitJudgement(int digit, double confidence) {
    /** The and ACAI-style bar for "looks like a real digit". */
    public static final double PLAUSIBLE_CONFIDENCE = 0.9;

    public DigitJudgement {
        if (digit < 0 || digit > 9 || !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("a judgement is a digit 0..9 with a confidence in [0, 1], got " + digit
                    + " at " + confidence);
        }
    }

    public boolean plausible() {
        return confidence >= PLAUSIBLE_CONFIDENCE;
    }
}
