package tvae.events;

/**
 * Optimisation settings of a run; a null field means "the preset's default". {@code mixedPrecision}: fp16 forward
 * passes with fp32 master weights and dynamic loss scaling (for GPUs; on a CPU it works but is slow).
 * {@code bucketBatches}: batches of similar length, drawn from pools of that many batches and padded only to their
 * longest item (1: the shuffled order, padded to the model's length). {@code latentNoise}: standard deviation of the
 * Gaussian noise on the latent codes the decoder reads in training (0: none).
 */
public record HyperParameters(Double learningRate, Integer batchSize, Integer warmupSteps, Long seed, Double mmdWeight,
                              Boolean mixedPrecision, Integer bucketBatches, Double latentNoise) {
    /** More would sort most of an epoch by length and lose the shuffling. */
    public static final int MAX_BUCKET_BATCHES = 1024;
    /** One absurd batch must not exhaust the trainer's memory. */
    public static final int MAX_BATCH_SIZE = 4096;

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
        if (mmdWeight != null) {
            Require.within(mmdWeight, 0, 1e6, "hyperParameters.mmdWeight");
        }
        if (bucketBatches != null) {
            Require.between1And(bucketBatches, MAX_BUCKET_BATCHES, "hyperParameters.bucketBatches");
        }
        if (latentNoise != null) {
            Require.within(latentNoise, 0, 10, "hyperParameters.latentNoise");
        }
    }

    public static HyperParameters defaults() {
        return new HyperParameters(null, null, null, null, null, null, null, null);
    }
}
