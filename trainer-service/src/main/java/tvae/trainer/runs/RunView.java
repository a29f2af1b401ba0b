package tvae.trainer.runs;

import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/** What GET /runs shows of a run: its request and its latest progress. */
public record RunView(String runId, RunState state, long step, long maxSteps, String message,
                      TrainingRequested request, TrainingProgress latest) {
    static RunView of(TrainingRequested request, TrainingProgress latest) {
        return new RunView(request.runId(), latest.state(), latest.step(), latest.maxSteps(), latest.message(), request, latest);
    }
}
