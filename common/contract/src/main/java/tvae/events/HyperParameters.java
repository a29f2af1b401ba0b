package tvae.events;

import java.util.Map;

/**
 * How a run optimises and what its loss adds up; a null field means "the preset's default".
 * <ul>
 * <li>{@code mixedPrecision}: fp16 forward passes with fp32 master weights and dynamic loss scaling (for GPUs; on a
 * CPU it works but is slow).</li>
 * <li>{@code bucketBatches}: batches of similar length, drawn from pools of that many batches and padded only to
 * their longest item (1: the shuffled order, padded to the model's length).</li>
 * <li>{@code latentNoise}: standard deviation of the Gaussian noise on the latent codes the decoder reads in training
 * (0: none).</li>
 * <li>{@code mmdWeight}, {@code mmdKernel}, {@code mmdRampMidpoint}, {@code mmdRampSteps}: the MMD term, its kernel
 * and the sigmoid that fades it in (seed: midpoint 2 500, 400 steps per unit).</li>
 * <li>{@code criticWeight}, {@code cycleWeight}, {@code smoothnessWeight}: research losses, 0 = off (design §2).</li>
 * <li>{@code bagOfWordsWeight}: the codes alone must predict which tokens the item holds, in any order (0 = off).</li>
 * <li>{@code wordDropout}: the share of the decoder's teacher-forced input tokens (all but BOS) replaced by the padding
 * token in training, so the decoder cannot rebuild an item from its own previous tokens alone and must read the codes
 * (Bowman et al. 2016; 0 = off).</li>
 * <li>{@code encoderDeletion}: the share of the encoder's input tokens (never EOS) deleted in training while the
 * decoder must still rebuild the whole item, so items a few edits apart get nearby codes (the denoising autoencoder of
 * Shen et al. 2020; 0 = off).</li>
 * <li>{@code guidedMixWeight}: the weight of a research loss that makes the line syntax-guided decoding finds for a mix
 * of two codes the teacher-forced target of that mix, so greedy decoding learns to land on valid lines between codes
 * (expert iteration with CPython as the expert; 0 = off; on, each step also costs a guided decoding of 32 mixes).</li>
 * <li>{@code guidedMixStart}: how many steps the run trains before the guided mix comes on (0, the default: from the
 * first step), so one run can learn to reconstruct first and spend only its end on the dearer guided steps.</li>
 * </ul>
 */
public record HyperParameters(Double learningRate, Integer batchSize, Integer warmupSteps, Long seed, Double mmdWeight,
                              Boolean mixedPrecision, Integer bucketBatches, Double latentNoise, MmdKernel mmdKernel,
                              Double mmdRampMidpoint, Double mmdRampSteps, Double criticWeight, Double cycleWeight,
                              Double smoothnessWeight, Double bagOfWordsWeight, Double wordDropout,
                              Double encoderDeletion, Double guidedMixWeight, Integer guidedMixStart) {
    /** More would sort most of an epoch by length and lose the shuffling. */
    public static final int MAX_BUCKET_BATCHES = 1024;
    /** One absurd batch must not exhaust the trainer's memory. */
    public static final int MAX_BATCH_SIZE = 4096;
    private static final double MAX_LOSS_WEIGHT = 1e6;
    /** With every input dropped the decoder would read nothing but the codes and its position. */
    private static final double MAX_WORD_DROPOUT = 0.95;
    /** Deleting every token would leave the encoder nothing but EOS to read. */
    private static final double MAX_ENCODER_DELETION = 0.9;

    public HyperParameters {
        if (learningRate != null) {
            Require.within(learningRate, 1e-7, 1.0, "hyperParameters.learningRate");
        }
        if (batchSize != null) {
            Require.between1And(batchSize, MAX_BATCH_SIZE, "hyperParameters.batchSize");
        }
        if (warmupSteps != null) {
            Require.within(warmupSteps, 0, TrainingRequested.MAX_STEPS, "hyperParameters.warmupSteps");
        }
        if (bucketBatches != null) {
            Require.between1And(bucketBatches, MAX_BUCKET_BATCHES, "hyperParameters.bucketBatches");
        }
        if (latentNoise != null) {
            Require.within(latentNoise, 0, 10, "hyperParameters.latentNoise");
        }
        if (mmdRampMidpoint != null) {
            Require.within(mmdRampMidpoint, 0, TrainingRequested.MAX_STEPS, "hyperParameters.mmdRampMidpoint");
        }
        if (mmdRampSteps != null) {
            Require.within(mmdRampSteps, 1e-3, TrainingRequested.MAX_STEPS, "hyperParameters.mmdRampSteps");
        }
        if (wordDropout != null) {
            Require.within(wordDropout, 0, MAX_WORD_DROPOUT, "hyperParameters.wordDropout");
        }
        if (encoderDeletion != null) {
            Require.within(encoderDeletion, 0, MAX_ENCODER_DELETION, "hyperParameters.encoderDeletion");
        }
        if (guidedMixStart != null) {
            Require.within(guidedMixStart, 0, TrainingRequested.MAX_STEPS, "hyperParameters.guidedMixStart");
        }
        lossWeight(mmdWeight, "mmdWeight");
        lossWeight(criticWeight, "criticWeight");
        lossWeight(cycleWeight, "cycleWeight");
        lossWeight(smoothnessWeight, "smoothnessWeight");
        lossWeight(bagOfWordsWeight, "bagOfWordsWeight");
        lossWeight(guidedMixWeight, "guidedMixWeight");
    }

    public static HyperParameters defaults() {
        return of(Map.of());
    }

    /**
     * The hyper-parameters named in {@code fields} (wire names and values, e.g. {@code {"batchSize": 16}}), read the way
     * a request's are: an unknown name or a value out of range is an {@link InvalidEventException}.
     */
    public static HyperParameters of(Map<String, ?> fields) {
        return EventJson.convert(fields, HyperParameters.class);
    }

    private static void lossWeight(Double weight, String field) {
        if (weight != null) {
            Require.within(weight, 0, MAX_LOSS_WEIGHT, "hyperParameters." + field);
        }
    }
}
