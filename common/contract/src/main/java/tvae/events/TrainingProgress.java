package tvae.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Where a run stands. Key: runId. Metric fields are null until the first step ran;
 * {@code message} explains a REJECTED/FAILED state or names the checkpoint of a CHECKPOINTED one; {@code trainer} names
 * the trainer of the pool that holds the run ({@code tvae.trainer.id}; null from a sender that does not say).
 */
public record TrainingProgress(int schemaVersion, String type, String eventId, Instant timestamp,
                               String runId, RunState state, long step, long maxSteps,
                               Map<String, Double> losses, Double tokenAccuracy, Double tokensPerSecond,
                               Double etaSeconds, String message, String trainer) implements Event {
    public static final String TYPE = "TrainingProgress";

    public TrainingProgress {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(runId, "runId");
        Require.present(state, "state");
        Require.nonNegative(step, "step");
        losses = losses == null ? Map.of() : Map.copyOf(losses);
    }

    public static TrainingProgress of(String runId, RunState state, long step, long maxSteps, Map<String, Double> losses,
                                      Double tokenAccuracy, Double tokensPerSecond, Double etaSeconds, String message) {
        return new TrainingProgress(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(), runId, state,
                step, maxSteps, losses, tokenAccuracy, tokensPerSecond, etaSeconds, message, null);
    }

    /** The same event as told by {@code trainerId}. */
    public TrainingProgress withTrainer(String trainerId) {
        return new TrainingProgress(schemaVersion, type, eventId, timestamp, runId, state, step, maxSteps, losses,
                tokenAccuracy, tokensPerSecond, etaSeconds, message, trainerId);
    }

    /** A state change with no metrics, e.g. ACCEPTED or REJECTED with its reason. */
    public static TrainingProgress state(String runId, RunState state, long step, long maxSteps, String message) {
        return of(runId, state, step, maxSteps, Map.of(), null, null, null, message);
    }
}
