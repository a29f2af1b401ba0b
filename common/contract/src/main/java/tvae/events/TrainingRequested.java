package tvae.events;

import java.time.Instant;
import java.util.UUID;

/** Asks trainer-service for a run. Key: runId. A run stops at maxSteps or after maxMinutes, whichever is first. */
public record TrainingRequested(int schemaVersion, String type, String eventId, Instant timestamp,
                                String runId, DatasetSpec dataset, ModelSpec model, HyperParameters hyperParameters,
                                long maxSteps, Double maxMinutes, long checkpointEvery) implements Event {
    public static final String TYPE = "TrainingRequested";
    /** The most steps and the longest checkpoint interval a run may ask for. */
    public static final long MAX_STEPS = 10_000_000;

    public TrainingRequested {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(runId, "runId");
        // The run id names a directory on the trainer's disk, so "." and ".." are refused too.
        if (!runId.matches("[A-Za-z0-9._-]{1,64}") || runId.matches("\\.{1,2}")) {
            throw new InvalidEventException("field 'runId' must be 1-64 characters of [A-Za-z0-9._-] and not '.' or '..', was '" + runId + "'");
        }
        Require.present(dataset, "dataset");
        Require.present(model, "model");
        hyperParameters = hyperParameters == null ? HyperParameters.defaults() : hyperParameters;
        Require.between1And(maxSteps, MAX_STEPS, "maxSteps");
        if (maxMinutes != null) {
            Require.within(maxMinutes, 0.01, 7 * 24 * 60, "maxMinutes");
        }
        Require.between1And(checkpointEvery, MAX_STEPS, "checkpointEvery");
    }

    public static TrainingRequested of(String runId, DatasetSpec dataset, ModelSpec model, HyperParameters hp,
                                       long maxSteps, Double maxMinutes, long checkpointEvery) {
        return new TrainingRequested(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                runId, dataset, model, hp, maxSteps, maxMinutes, checkpointEvery);
    }
}
