package tvae.trainer.runs;

import java.util.UUID;
import tvae.events.DatasetSpec;
import tvae.events.HyperParameters;
import tvae.events.ModelSpec;
import tvae.events.TrainingRequested;

/** The body of POST /runs: a TrainingRequested without the envelope; runId is generated when absent. */
public record RunRequest(String runId, DatasetSpec dataset, ModelSpec model, HyperParameters hyperParameters,
                         long maxSteps, Double maxMinutes, Long checkpointEvery) {

    public TrainingRequested toEvent() {
        String id = runId == null ? "run-" + UUID.randomUUID().toString().substring(0, 8) : runId;
        long every = checkpointEvery == null ? Math.max(1, maxSteps) : checkpointEvery;
        return TrainingRequested.of(id, dataset, model, hyperParameters, maxSteps, maxMinutes, every);
    }
}
