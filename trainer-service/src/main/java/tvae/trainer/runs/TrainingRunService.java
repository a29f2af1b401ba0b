package tvae.trainer.runs;

import ai.djl.Device;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.device.DeviceChoice;
import tvae.events.ProgressLine;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.trainer.checkpoints.CheckpointOutbox;
import tvae.trainer.checkpoints.CheckpointSigningKey;

/**
 * Takes training runs, from Kafka and HTTP alike, queues them one at a time on the device, and tells their fate on
 * the progress topic and in the log. Every run is journaled on local disk first, so a trainer that was killed picks
 * its unfinished runs up again on start (resuming from their last checkpoint). A replayed request (same runId and
 * eventId) changes nothing; a different request under a known runId is rejected.
 */
@ApplicationScoped
public class TrainingRunService {
    private static final Logger LOG = Logger.getLogger(TrainingRunService.class);

    @Inject
    ProgressSink progress;

    @Inject
    CheckpointOutbox outbox;

    @Inject
    CheckpointSigningKey signingKey;

    @Inject
    DataRoots dataRoots;

    @ConfigProperty(name = "tvae.checkpoint-dir")
    Path checkpointDirectory;

    @ConfigProperty(name = "tvae.data-cache")
    Path dataCache;

    @ConfigProperty(name = "tvae.device")
    String deviceName;

    @ConfigProperty(name = "tvae.progress-interval-ms")
    long progressIntervalMillis;

    /** {@code tvae.runs.*}: how often a run that crashed the trainer is started again, and how many runs may wait. */
    @ConfigMapping(prefix = "tvae.runs")
    public interface Settings {
        @WithDefault("2")
        int maxCrashes();

        @WithDefault("100")
        int maxWaiting();
    }

    @Inject
    Settings runs;

    private final Map<String, TrainingRequested> requests = new LinkedHashMap<>();
    private final Map<String, TrainingProgress> latest = new LinkedHashMap<>();
    private final Map<String, AtomicBoolean> cancellations = new ConcurrentHashMap<>();
    private ExecutorService deviceQueue;
    private RunJournal journal;
    private Device device;

    void onStart(@Observes StartupEvent event) {
        device = DeviceChoice.resolve(deviceName);
        LOG.infof("tvae.device=%s: %s", deviceName, DeviceChoice.describe(device));
        deviceQueue = Executors.newSingleThreadExecutor(r -> new Thread(r, "train-on-" + device));
        journal = new RunJournal(checkpointDirectory.resolve("runs"));
        List<RunJournal.Entry> entries = journal.entries();
        synchronized (this) {
            for (RunJournal.Entry entry : entries) {
                requests.put(entry.request().runId(), entry.request());
                latest.put(entry.request().runId(), entry.latest());
            }
        }
        for (RunJournal.Entry entry : entries) {
            if (!entry.latest().state().isFinal()) {
                requeueUnlessCrashLooping(entry);
            }
        }
        LOG.infof("trainer ready: training on %s, %d run(s) in the journal at %s", device, entries.size(), checkpointDirectory);
    }

    /**
     * Queues an unfinished run again, unless it was on the device when the trainer died for the
     * {@code tvae.runs.max-crashes}-th time in a row without a new checkpoint: such a run would kill every restart.
     */
    private void requeueUnlessCrashLooping(RunJournal.Entry entry) {
        TrainingRequested request = entry.request();
        TrainingProgress last = entry.latest();
        boolean wasOnTheDevice = last.state() == RunState.PREPARING || last.state() == RunState.RUNNING
                || last.state() == RunState.RESUMED || last.state() == RunState.CHECKPOINTED;
        int crashes = wasOnTheDevice ? journal.recordCrash(request.runId()) : 0;
        if (crashes >= runs.maxCrashes()) {
            record(TrainingProgress.state(request.runId(), RunState.FAILED, last.step(), request.maxSteps(), "the trainer "
                    + "stopped " + crashes + " times in a row while training this run without a new checkpoint in between; "
                    + "not started again (tvae.runs.max-crashes=" + runs.maxCrashes() + ")"));
            return;
        }
        LOG.infof("run %s was %s at step %d when this trainer last stopped (crash %d in a row): queueing it again",
                request.runId(), last.state(), last.step(), crashes);
        enqueue(request);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        cancellations.values().forEach(flag -> flag.set(true));
        deviceQueue.shutdownNow();
        deviceQueue.awaitTermination(30, TimeUnit.SECONDS);
    }

    public SubmissionOutcome submit(TrainingRequested request) {
        Optional<String> refusal = dataRoots.refusal(request.dataset());
        if (refusal.isPresent()) {
            return refused(request, SubmissionOutcome.invalid(request.runId(), refusal.get()));
        }
        synchronized (this) {
            TrainingRequested known = requests.get(request.runId());
            if (known != null) {
                if (known.eventId().equals(request.eventId())) {
                    return SubmissionOutcome.duplicate(request.runId());
                }
                return refused(request, SubmissionOutcome.rejected(request.runId(),
                        "run id '" + request.runId() + "' is already taken by another request"));
            }
            long waiting = latest.values().stream().filter(p -> !p.state().isFinal()).count();
            if (waiting >= runs.maxWaiting()) {
                return refused(request, SubmissionOutcome.rejected(request.runId(), "the trainer already holds " + waiting
                        + " unfinished runs (tvae.runs.max-waiting); try later"));
            }
            journal.recordRequest(request);
            requests.put(request.runId(), request);
        }
        record(TrainingProgress.state(request.runId(), RunState.ACCEPTED, 0, request.maxSteps(),
                "accepted: " + request.dataset().kind().wireName() + ", preset " + request.model().preset()));
        enqueue(request);
        return SubmissionOutcome.accepted(request.runId());
    }

    /**
     * Tells the requester why a run was refused (REJECTED on the progress topic, and the log). Not recorded under the
     * run id: that would overwrite the state of a run that owns it, and a free id stays free for a corrected request.
     */
    private SubmissionOutcome refused(TrainingRequested request, SubmissionOutcome outcome) {
        progress.publish(TrainingProgress.state(request.runId(), RunState.REJECTED, 0, request.maxSteps(), outcome.reason()));
        LOG.infof("run %s rejected: %s", request.runId(), outcome.reason());
        return outcome;
    }

    /** Cancels a queued or running run; a running one stops after its current step. */
    public synchronized Optional<RunView> cancel(String runId) {
        TrainingRequested request = requests.get(runId);
        if (request == null) {
            return Optional.empty();
        }
        TrainingProgress state = latest.get(runId);
        if (!state.state().isFinal()) {
            cancellations.computeIfAbsent(runId, id -> new AtomicBoolean()).set(true);
            if (state.state() == RunState.QUEUED || state.state() == RunState.ACCEPTED) {
                record(TrainingProgress.state(runId, RunState.CANCELLED, state.step(), request.maxSteps(), "cancelled before it started"));
            }
        }
        return get(runId);
    }

    public synchronized List<RunView> list() {
        List<RunView> views = new ArrayList<>();
        requests.forEach((id, request) -> views.add(RunView.of(request, latest.get(id))));
        return views;
    }

    public synchronized Optional<RunView> get(String runId) {
        return Optional.ofNullable(requests.get(runId)).map(r -> RunView.of(r, latest.get(runId)));
    }

    private void enqueue(TrainingRequested request) {
        AtomicBoolean cancelled = cancellations.computeIfAbsent(request.runId(), id -> new AtomicBoolean());
        TrainingProgress current = latest.get(request.runId());
        record(TrainingProgress.state(request.runId(), RunState.QUEUED, current == null ? 0 : current.step(), request.maxSteps(),
                "waiting for " + device));
        deviceQueue.submit(new TrainingJob(request, journal, outbox, this::record, dataCache, device, progressIntervalMillis, cancelled,
                signingKey.key()));
    }

    private synchronized void record(TrainingProgress event) {
        TrainingProgress previous = latest.get(event.runId());
        if (previous != null && previous.state() == RunState.CANCELLED && event.state() != RunState.CANCELLED) {
            return; // a job that was cancelled while queued never reports again
        }
        latest.put(event.runId(), event);
        journal.recordProgress(event);
        progress.publish(event);
        LOG.info(ProgressLine.format(event));
    }
}
