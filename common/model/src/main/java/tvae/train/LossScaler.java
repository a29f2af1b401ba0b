package tvae.train;

/**
 * Dynamic loss scaling for fp16 mixed precision: the loss is multiplied by a large power of two so small gradients
 * survive fp16; a step whose gradients overflow is skipped (the optimizer refuses non-finite gradients) and halves
 * the scale, and every {@link #GROWTH_INTERVAL} clean steps double it again. Without mixed precision the scale is 1
 * for good. Its state is part of a checkpoint's trainer state, so a resumed run scales as the uninterrupted one.
 */
final class LossScaler {
    static final double INITIAL_SCALE = 65536;
    static final int GROWTH_INTERVAL = 2000;
    private static final double MAX_SCALE = 1 << 24;

    private final boolean dynamic;
    private double scale;
    private int cleanSteps;

    private LossScaler(boolean dynamic, double scale, int cleanSteps) {
        this.dynamic = dynamic;
        this.scale = scale;
        this.cleanSteps = cleanSteps;
    }

    static LossScaler fixedAtOne() {
        return new LossScaler(false, 1, 0);
    }

    static LossScaler dynamic(double scale, int cleanSteps) {
        if (!(scale >= 1)) {
            throw new IllegalArgumentException("loss scale must be >= 1, was " + scale);
        }
        return new LossScaler(true, scale, cleanSteps);
    }

    double scale() {
        return scale;
    }

    int cleanSteps() {
        return cleanSteps;
    }

    /** Adapts the scale to whether this step's gradients were finite. */
    void update(boolean finite) {
        if (!dynamic) {
            return;
        }
        if (!finite) {
            scale = Math.max(1, scale / 2);
            cleanSteps = 0;
        } else if (++cleanSteps == GROWTH_INTERVAL) {
            scale = Math.min(MAX_SCALE, scale * 2);
            cleanSteps = 0;
        }
    }
}
