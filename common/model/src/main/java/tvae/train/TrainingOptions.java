package tvae.train;

import java.util.Map;
import tvae.events.HyperParameters;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;

/**
 * How one run trains: AdamW at {@code learningRate} (linear warm-up, then cosine decay to a tenth at
 * {@code totalSteps}), gradients clipped to {@code gradientClip} global norm, the loss as {@code loss} says.
 * {@code mixedPrecision}: fp16 forward passes over fp32 master weights with dynamic loss scaling (meant for GPUs; on a
 * CPU it runs, slowly, which is how the tests cover it). {@code recomputation} recomputes each decoder layer in the
 * backward pass instead of keeping its activations (gradient checkpointing). {@code bucketBatches} above 1 serves
 * batches of similar length, drawn from pools of that many batches, each padded only to its longest line (1: the
 * shuffled order, padded to maxLength). {@code latentNoise}: the standard deviation of Gaussian noise added to the
 * latent codes the decoder reads during training (0: none), so it learns to decode the neighbourhood of every code,
 * where the inner points of a path lie; the MMD still sees the clean codes. {@code wordDropout}: the share of the
 * decoder's teacher-forced inputs replaced by padding in training ({@link TokenBatch#withDecoderInputsDropped}).
 * {@code encoderDeletion}: the share of the encoder's tokens deleted in training ({@link TokenBatch#withEncoderTokensDeleted}).
 */
public record TrainingOptions(double learningRate, int batchSize, int warmupSteps, long totalSteps, long seed,
                              double gradientClip, boolean mixedPrecision, boolean recomputation, int bucketBatches,
                              double latentNoise, double wordDropout, double encoderDeletion, LossOptions loss) {
    /** Steps the learning rate decays over when nobody says. */
    public static final long DEFAULT_TOTAL_STEPS = 20_000;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_GRADIENT_CLIP = 1.0;

    public TrainingOptions {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (batchSize <= 0 || batchSize > HyperParameters.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be in [1, " + HyperParameters.MAX_BATCH_SIZE + "], was " + batchSize);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0, was " + totalSteps);
        }
        if (!(gradientClip > 0)) {
            throw new IllegalArgumentException("gradientClip must be > 0, was " + gradientClip);
        }
        if (bucketBatches < 1) {
            throw new IllegalArgumentException("bucketBatches must be >= 1, was " + bucketBatches);
        }
        if (!(latentNoise >= 0)) {
            throw new IllegalArgumentException("latentNoise must be >= 0, was " + latentNoise);
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("wordDropout must be in [0, 1), was " + wordDropout);
        }
        if (!(encoderDeletion >= 0 && encoderDeletion < 1)) {
            throw new IllegalArgumentException("encoderDeletion must be in [0, 1), was " + encoderDeletion);
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss must be set");
        }
    }

    /**
     * The training defaults of a model preset ({@code TransformerVaeConfig.preset} of the same name): smaller models
     * take a higher peak rate and a shorter warm-up; the seed's loss.
     */
    public static TrainingOptions preset(String name) {
        return switch (name == null ? "" : name) {
            case "tiny" -> initial(2e-3, 32, 20);
            case "compact" -> initial(1e-3, 64, 100);
            case "small" -> initial(5e-4, 64, 300);
            case "base" -> initial(3e-4, 64, 1000);
            default -> throw TransformerVaeConfig.unknownPreset(name);
        };
    }

    private static TrainingOptions initial(double learningRate, int batchSize, int warmupSteps) {
        return new TrainingOptions(learningRate, batchSize, warmupSteps, DEFAULT_TOTAL_STEPS, DEFAULT_SEED,
                DEFAULT_GRADIENT_CLIP, false, false, 1, 0, 0, 0, LossOptions.SEED);
    }

    /** These options with the request's non-null hyper-parameters and its step budget. */
    public TrainingOptions with(HyperParameters hp, long totalSteps) {
        HyperParameters h = hp == null ? HyperParameters.defaults() : hp;
        return new TrainingOptions(h.learningRate() != null ? h.learningRate() : learningRate,
                h.batchSize() != null ? h.batchSize() : batchSize, h.warmupSteps() != null ? h.warmupSteps() : warmupSteps,
                totalSteps, h.seed() != null ? h.seed() : seed, gradientClip,
                h.mixedPrecision() != null ? h.mixedPrecision() : mixedPrecision, recomputation,
                h.bucketBatches() != null ? h.bucketBatches() : bucketBatches,
                h.latentNoise() != null ? h.latentNoise() : latentNoise,
                h.wordDropout() != null ? h.wordDropout() : wordDropout,
                h.encoderDeletion() != null ? h.encoderDeletion() : encoderDeletion, loss.with(h));
    }

    /** These options with the non-null {@code hp}, the step budget kept. */
    public TrainingOptions with(HyperParameters hp) {
        return with(hp, totalSteps);
    }

    public TrainingOptions withTotalSteps(long steps) {
        return new TrainingOptions(learningRate, batchSize, warmupSteps, steps, seed, gradientClip, mixedPrecision,
                recomputation, bucketBatches, latentNoise, wordDropout, encoderDeletion, loss);
    }

    /** Not a hyper-parameter of a request: it changes memory, not the numbers (RecomputationTest). */
    public TrainingOptions withRecomputation(boolean on) {
        return new TrainingOptions(learningRate, batchSize, warmupSteps, totalSteps, seed, gradientClip, mixedPrecision, on,
                bucketBatches, latentNoise, wordDropout, encoderDeletion, loss);
    }

    public TrainingOptions withBatchSize(int size) {
        return with(HyperParameters.of(Map.of("batchSize", size)));
    }

    public TrainingOptions withMixedPrecision(boolean on) {
        return with(HyperParameters.of(Map.of("mixedPrecision", on)));
    }

    /** Warm-up, then cosine decay to 10 % of the peak at {@code totalSteps}; constant after that. */
    public double learningRateAt(long step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        long decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 0) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
