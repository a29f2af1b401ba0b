package tvae.train;

import tvae.events.HyperParameters;
import tvae.events.MmdKernel;

/**
 * What the VAE's loss adds up ({@link VaeLoss}): MMD at {@code mmdWeight} with {@code mmdKernel}, faded in by a sigmoid
 * that is half-way at step {@code mmdRampMidpoint} and takes {@code mmdRampSteps} steps per unit of its argument; and
 * the research losses of design §2, each off at weight 0: an interpolation critic (ACAI: the VAE is pushed to make
 * mixes the critic cannot tell from real codes), cycle (1 − cosine between a code and its soft decoding re-encoded),
 * smoothness ((Δp / Δr)² of the decoded distributions along a mix), bag of words (the codes alone predict the item's
 * tokens, in any order), guided mix (greedy decoding of a mix is taught the valid line guided decoding finds there),
 * on once the run has trained {@code guidedMixStart} steps.
 */
public record LossOptions(double mmdWeight, MmdKernel mmdKernel, double mmdRampMidpoint, double mmdRampSteps,
                          double criticWeight, double cycleWeight, double smoothnessWeight, double bagOfWordsWeight,
                          double guidedMixWeight, long guidedMixStart) {
    /** The seed's: MMD at full weight with a Gaussian kernel, half ramped in at step 2 500 (sigmoid(0.0025·step − 6.25)). */
    public static final LossOptions SEED = new LossOptions(1.0, MmdKernel.RBF, 2500, 400, 0, 0, 0, 0, 0, 0);

    public LossOptions {
        nonNegative("mmdWeight", mmdWeight);
        if (mmdKernel == null) {
            throw new IllegalArgumentException("mmdKernel must be set");
        }
        nonNegative("mmdRampMidpoint", mmdRampMidpoint);
        if (!(mmdRampSteps > 0)) {
            throw new IllegalArgumentException("mmdRampSteps must be > 0, was " + mmdRampSteps);
        }
        nonNegative("criticWeight", criticWeight);
        nonNegative("cycleWeight", cycleWeight);
        nonNegative("smoothnessWeight", smoothnessWeight);
        nonNegative("bagOfWordsWeight", bagOfWordsWeight);
        nonNegative("guidedMixWeight", guidedMixWeight);
        nonNegative("guidedMixStart", guidedMixStart);
    }

    /** These options with the non-null loss fields of {@code h}. */
    LossOptions with(HyperParameters h) {
        return new LossOptions(or(h.mmdWeight(), mmdWeight), h.mmdKernel() != null ? h.mmdKernel() : mmdKernel,
                or(h.mmdRampMidpoint(), mmdRampMidpoint), or(h.mmdRampSteps(), mmdRampSteps),
                or(h.criticWeight(), criticWeight), or(h.cycleWeight(), cycleWeight), or(h.smoothnessWeight(), smoothnessWeight),
                or(h.bagOfWordsWeight(), bagOfWordsWeight), or(h.guidedMixWeight(), guidedMixWeight),
                h.guidedMixStart() != null ? h.guidedMixStart() : guidedMixStart);
    }

    private static double or(Double given, double current) {
        return given != null ? given : current;
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }
}
