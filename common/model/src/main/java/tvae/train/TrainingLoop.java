package tvae.train;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The one training loop, used by the trainer service and by {@code tvae train}: steps a session until it has done
 * {@code maxSteps}, its deadline passes or it is cancelled (checked between steps). After every step the listener may
 * checkpoint; every {@code reportEveryNanos} it gets the steps since its last report with an ETA.
 */
public final class TrainingLoop {
    /** Why the loop returned. */
    public enum Stop { STEPS, DEADLINE, CANCELLED }

    public interface Listener {
        /** After each step (e.g. to checkpoint every N steps or M minutes). */
        void stepped(TrainingSession session) throws IOException;

        /** The steps since the last report, the latest of them, and the seconds left (null while unknown). */
        void report(ProgressWindow window, StepMetrics latest, long stepsDone, Double etaSeconds) throws IOException;
    }

    private final long maxSteps;
    private final long deadlineNanos;
    private final long reportEveryNanos;
    private final BooleanSupplier cancelled;

    /** @param deadlineNanos {@link System#nanoTime()} at which to stop, or {@link Long#MAX_VALUE}; see {@link #deadline} */
    public TrainingLoop(long maxSteps, long deadlineNanos, long reportEveryNanos, BooleanSupplier cancelled) {
        this.maxSteps = maxSteps;
        this.deadlineNanos = deadlineNanos;
        this.reportEveryNanos = reportEveryNanos;
        this.cancelled = cancelled;
    }

    /** The deadline {@code minutes} after now, less {@code secondsSpent} before a resume; none when minutes is null. */
    public static long deadline(Double minutes, double secondsSpent) {
        return minutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) ((minutes * 60 - secondsSpent) * 1e9);
    }

    public Stop run(TrainingSession session, Listener listener) throws IOException {
        EtaEstimator eta = new EtaEstimator(maxSteps, deadlineNanos);
        ProgressWindow window = new ProgressWindow();
        long lastReport = System.nanoTime();
        while (session.stepsDone() < maxSteps) {
            if (System.nanoTime() >= deadlineNanos) {
                return Stop.DEADLINE;
            }
            if (cancelled.getAsBoolean()) {
                return Stop.CANCELLED;
            }
            StepMetrics metrics = session.step();
            eta.stepTook(metrics.seconds());
            window.add(metrics);
            listener.stepped(session);
            if (System.nanoTime() - lastReport >= reportEveryNanos) {
                listener.report(window, metrics, session.stepsDone(), eta.secondsLeft(session.stepsDone()));
                window = new ProgressWindow();
                lastReport = System.nanoTime();
            }
        }
        return Stop.STEPS;
    }
}
