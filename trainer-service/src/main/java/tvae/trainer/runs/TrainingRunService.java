package tvae.trainer.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * Takes training runs, from Kafka and HTTP alike, and tells their fate on the progress topic. A replayed request
 * (same runId and eventId) changes nothing; a different request under a known runId is rejected.
 */
@ApplicationScoped
public class TrainingRunService {
    private static final Logger LOG = Logger.getLogger(TrainingRunService.class);

    private final Map<String, TrainingRequested> requests = new LinkedHashMap<>();
    private final Map<String, TrainingProgress> latest = new LinkedHashMap<>();

    @Inject
    ProgressSink progress;

    public synchronized SubmissionOutcome submit(TrainingRequested request) {
        TrainingRequested known = requests.get(request.runId());
        if (known != null) {
            if (known.eventId().equals(request.eventId())) {
                return SubmissionOutcome.duplicate(request.runId());
            }
            String reason = "run id '" + request.runId() + "' is already taken by another request";
            // Not recorded under the run id: that would overwrite the state of the run that owns it.
            progress.publish(TrainingProgress.state(request.runId(), RunState.REJECTED, 0, request.maxSteps(), reason));
            LOG.infof("run %s rejected: %s", request.runId(), reason);
            return SubmissionOutcome.rejected(request.runId(), reason);
        }
        requests.put(request.runId(), request);
        record(TrainingProgress.state(request.runId(), RunState.ACCEPTED, 0, request.maxSteps(),
                "accepted: " + request.dataset().kind().wireName() + ", preset " + request.model().preset()));
        LOG.infof("run %s accepted (%s, preset %s, %d steps)", request.runId(), request.dataset().kind().wireName(),
                request.model().preset(), request.maxSteps());
        return SubmissionOutcome.accepted(request.runId());
    }

    public synchronized List<RunView> list() {
        List<RunView> views = new ArrayList<>();
        requests.forEach((id, request) -> views.add(RunView.of(request, latest.get(id))));
        return views;
    }

    public synchronized Optional<RunView> get(String runId) {
        return Optional.ofNullable(requests.get(runId)).map(r -> RunView.of(r, latest.get(runId)));
    }

    private void record(TrainingProgress event) {
        latest.put(event.runId(), event);
        progress.publish(event);
    }
}
