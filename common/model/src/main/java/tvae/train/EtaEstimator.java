package tvae.train;

/**
 * Time left in a run, from a smoothed step time: the first steps (warm-up of the engine, data preparation) are slow,
 * so a plain average would promise too much for minutes. Capped by the run's deadline when it has one.
 */
public final class EtaEstimator {
    private static final double SMOOTHING = 0.1;

    private final long maxSteps;
    private final long deadlineNanos;
    private double secondsPerStep = Double.NaN;

    /** @param deadlineNanos {@link System#nanoTime()} at which the run stops anyway, or {@link Long#MAX_VALUE} */
    public EtaEstimator(long maxSteps, long deadlineNanos) {
        this.maxSteps = maxSteps;
        this.deadlineNanos = deadlineNanos;
    }

    public void stepTook(double seconds) {
        secondsPerStep = Double.isNaN(secondsPerStep) ? seconds : SMOOTHING * seconds + (1 - SMOOTHING) * secondsPerStep;
    }

    /** Seconds until the run ends after {@code stepsDone} steps; null before the first step. */
    public Double secondsLeft(long stepsDone) {
        if (Double.isNaN(secondsPerStep)) {
            return null;
        }
        double bySteps = Math.max(0, maxSteps - stepsDone) * secondsPerStep;
        if (deadlineNanos == Long.MAX_VALUE) {
            return bySteps;
        }
        return Math.min(bySteps, Math.max(0, (deadlineNanos - System.nanoTime()) / 1e9));
    }
}
