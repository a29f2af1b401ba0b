package tvae.events;

/**
 * Optimisation settings of a run; a null field means "the preset's default". {@code mixedPrecision}: fp16 forward
 * passes with fp32 master weights and dynamic loss scaling (for GPUs; on a CPU it works but is slow).
 */
public record HyperParameters(Double learningRate, Integer batchSize, Integer warmupSteps, Long seed, Double mmdWeight,
                              Boolean mixedPrecision) {
    public HyperParameters {
        if (learningRate != null) {
            Require.within(learningRate, 1e-7, 1.0, "hyperParameters.learningRate");
        }
        if (batchSize != null) {
            Require.between1And(batchSize, 4096, "hyperParameters.batchSize");
        }
        if (warmupSteps != null) {
            Require.within(warmupSteps, 0, TrainingRequested.MAX_STEPS, "hyperParameters.warmupSteps");
        }
        if (mmdWeight != null) {
            Require.within(mmdWeight, 0, 1e6, "hyperParameters.mmdWeight");
        }
    }

    public static HyperParameters defaults() {
        return new HyperParameters(null, null, null, null, null, null);
    }
}
