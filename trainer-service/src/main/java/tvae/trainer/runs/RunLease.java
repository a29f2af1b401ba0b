package tvae.trainer.runs;

import java.io.IOException;

/**
 * A run's hold on this trainer, given up once: the trainer stops, or the consumer group gave the run's request to
 * another trainer. After that the run must not queue a checkpoint, or it would announce a step the new owner announces
 * too. The hand-back and anything that must not follow it run under the same lock, so a hand-back never falls between
 * the check and the act.
 */
final class RunLease {
    /** The action that must only happen while the run is held, such as queueing a checkpoint. */
    @FunctionalInterface
    interface HeldAction {
        void run() throws IOException;
    }

    /** Written under the lock; read without it, so a step's check never waits for a checkpoint being queued. */
    private volatile String handedBack;

    /**
     * Gives the run up, with the reason; the first reason stays.
     * @param release what goes with the hand-back (dropping what was queued for the run), done before any held action
     *                can follow
     * @return whether this call gave it up (false when it was already given up; {@code release} is not run then)
     */
    synchronized boolean handBack(String why, Runnable release) {
        if (handedBack != null) {
            return false;
        }
        handedBack = why;
        release.run();
        return true;
    }

    /** Why the run was given up; null while it is held. */
    String handedBack() {
        return handedBack;
    }

    /** @return whether the action ran: only while the run is held, and no hand-back runs beside it */
    synchronized boolean whileHeld(HeldAction action) throws IOException {
        if (handedBack != null) {
            return false;
        }
        action.run();
        return true;
    }
}
