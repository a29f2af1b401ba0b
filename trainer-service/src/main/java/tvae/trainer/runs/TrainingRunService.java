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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import tvae.trainer.checkpoints.PublishedCheckpoints;

/**
 * One trainer of the pool: takes training runs from vae.training-requests (its share of the consumer group's
 * partitions), queues them one at a time on its device, and tells their fate on the progress topic, naming itself,
 * and in the log. A request's offset is committed only once its run has ended here, so the runs of a trainer that
 * dies, or stops, go back to the group and another trainer resumes each from its newest checkpoint on Kafka. Runs are
 * journaled on local disk too (state for GET /runs, checkpoints, crash counts). A replayed request (same runId and
 * eventId) starts nothing new; a different request under a known runId is rejected. POST /runs hands a request to the
 * pool through the topic.
 */
@ApplicationScoped
public class TrainingRunService {
    private static final Logger LOG = Logger.getLogger(TrainingRunService.class);
    private static final long HAND_BACK_PUBLICATION_WAIT_SECONDS = 30;

    @Inject
    ProgressSink progress;

    @Inject
    CheckpointOutbox outbox;

    @Inject
    PublishedCheckpoints published;

    @Inject
    CheckpointSigningKey signingKey;

    @Inject
    DataRoots dataRoots;

    @ConfigProperty(name = "tvae.trainer.id")
    String trainerId;

    @ConfigProperty(name = "tvae.checkpoint-dir")
    Path checkpointDirectory;

    @ConfigProperty(name = "tvae.data-cache")
    Path dataCache;

    @ConfigProperty(name = "tvae.device")
    String deviceName;

    @ConfigProperty(name = "tvae.progress-interval-ms")
    long progressIntervalMillis;

    /**
     * {@code tvae.runs.*}: how often a run that crashed the trainer is started again, and how many unfinished runs it
     * holds (more requests wait on their topic until one ends).
     */
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
    /** The runs queued or training here, each completed when its run ends (and the request may be committed). */
    private final Map<String, CompletableFuture<Void>> endings = new HashMap<>();
    /** Of those runs: where each one's request lies on vae.training-requests, and its lease. */
    private final Map<String, Integer> partitions = new HashMap<>();
    private final Map<String, RunLease> leases = new HashMap<>();
    /** Requests waiting for room ({@code tvae.runs.max-waiting}), oldest first. */
    private final Deque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private ExecutorService deviceQueue;
    private TrainingJob.Trainer trainer;

    void onStart(@Observes StartupEvent event) {
        Device device = DeviceChoice.resolve(deviceName);
        LOG.infof("tvae.device=%s: %s", deviceName, DeviceChoice.describe(device));
        deviceQueue = Executors.newSingleThreadExecutor(r -> new Thread(r, "train-on-" + device));
        RunJournal journal = new RunJournal(checkpointDirectory.resolve("runs"));
        trainer = new TrainingJob.Trainer(trainerId, journal, outbox, published, dataCache, device, progressIntervalMillis,
                signingKey.key());
        List<RunJournal.Entry> entries = journal.entries();
        synchronized (this) {
            for (RunJournal.Entry entry : entries) {
                requests.put(entry.request().runId(), entry.request());
                latest.put(entry.request().runId(), entry.latest());
            }
        }
        for (RunJournal.Entry entry : entries) {
            if (!entry.latest().state().isFinal()) {
                awaitRedeliveryUnlessCrashLooping(entry);
            }
        }
        LOG.infof("trainer %s ready: training on %s, %d run(s) in the journal at %s", trainerId, device, entries.size(),
                checkpointDirectory);
    }

    /**
     * An unfinished run of the journal: its request was never committed, so the consumer group delivers it again, to
     * this trainer or another. It is failed here instead when it was on the device when the trainer died for the
     * {@code tvae.runs.max-crashes}-th time in a row without a new checkpoint: such a run would kill every restart.
     */
    private void awaitRedeliveryUnlessCrashLooping(RunJournal.Entry entry) {
        TrainingRequested request = entry.request();
        TrainingProgress last = entry.latest();
        boolean wasOnTheDevice = last.state() == RunState.PREPARING || last.state() == RunState.RUNNING
                || last.state() == RunState.RESUMED || last.state() == RunState.CHECKPOINTED;
        int crashes = wasOnTheDevice ? trainer.journal().recordCrash(request.runId()) : 0;
        if (crashes >= runs.maxCrashes()) {
            record(TrainingProgress.state(request.runId(), RunState.FAILED, last.step(), request.maxSteps(), "the trainer "
                    + "stopped " + crashes + " times in a row while training this run without a new checkpoint in between; "
                    + "not started again (tvae.runs.max-crashes=" + runs.maxCrashes() + ")"));
            return;
        }
        LOG.infof("run %s was %s at step %d when this trainer last stopped (crash %d in a row): its request comes back "
                + "from the pool", request.runId(), last.state(), last.step(), crashes);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        synchronized (this) { // runs stop after their current step and go back to the pool, not cancelled
            leases.values().forEach(lease -> lease.handBack(trainerId + " is stopping", () -> { }));
        }
        deviceQueue.shutdownNow();
        deviceQueue.awaitTermination(30, TimeUnit.SECONDS);
    }

    /**
     * Completes once this trainer holds fewer than {@code tvae.runs.max-waiting} unfinished runs: the consumer waits
     * on it before taking the next request, so a backlog stays on the topic (for any trainer of the pool).
     */
    public synchronized CompletionStage<Void> room() {
        if (endings.size() < runs.maxWaiting()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        waitingForRoom.add(room);
        return room;
    }

    /**
     * A request from the pool's topic. The stage completes when the run has ended here (completed, failed, cancelled,
     * rejected) and its checkpoints are published, and at once for a request that starts nothing; until then the
     * request's offset must stay uncommitted. A run this trainer stops without ending never completes it.
     */
    public CompletionStage<Void> take(TrainingRequested request, int partition) {
        Optional<String> refusal = dataRoots.refusal(request.dataset());
        if (refusal.isPresent()) {
            refused(request, SubmissionOutcome.invalid(request.runId(), refusal.get()));
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            TrainingRequested known = requests.get(request.runId());
            if (known != null && !known.eventId().equals(request.eventId())) {
                refused(request, SubmissionOutcome.rejected(request.runId(),
                        "run id '" + request.runId() + "' is already taken by another request"));
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> running = endings.get(request.runId());
            if (running != null) {
                return running; // the group delivered it again while it is still here
            }
            if (known != null && latest.get(request.runId()).state().isFinal()) {
                return outbox.queuedPublished(); // its last checkpoints may still wait for the broker since a restart
            }
            if (known == null) {
                trainer.journal().recordRequest(request);
                requests.put(request.runId(), request);
                record(TrainingProgress.state(request.runId(), RunState.ACCEPTED, 0, request.maxSteps(),
                        "accepted: " + request.dataset().kind().wireName() + ", preset " + request.model().preset()));
            }
            partitions.put(request.runId(), partition);
            return enqueue(request);
        }
    }

    /**
     * The consumer group took these partitions of vae.training-requests from this trainer (given to another, or lost
     * with this trainer's session): their runs stop after the current step and are no longer this trainer's, their
     * requests are not acknowledged from here, and their checkpoints not yet published are dropped, since the trainer
     * that gets the request resumes from what is on Kafka.
     */
    public void handBack(Collection<Integer> lost, String why) {
        List<String> runIds;
        synchronized (this) {
            runIds = endings.keySet().stream().filter(runId -> lost.contains(partitions.get(runId))).toList();
            for (String runId : runIds) {
                int[] dropped = {0};
                leases.get(runId).handBack(why, () -> dropped[0] = outbox.dropPending(runId));
                endings.remove(runId);
                partitions.remove(runId);
                LOG.infof("run %s handed back to the pool (%s)%s", runId, why,
                        dropped[0] == 0 ? "" : "; " + dropped[0] + " checkpoint(s) not yet published dropped");
            }
        }
        if (!runIds.isEmpty()) {
            awaitPublicationUnderWay();
        }
    }

    /**
     * The group hands the partitions on only after the listener returns: a checkpoint being published now must be on
     * Kafka before the next trainer reads where the run stands, or that trainer would make the same step again.
     * Bounded: a broker that is away holds the checkpoint back anyway (read_committed readers see it only once whole).
     */
    private void awaitPublicationUnderWay() {
        try {
            outbox.queuedPublished().toCompletableFuture().get(HAND_BACK_PUBLICATION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("a checkpoint publication still under way after %d s of a hand-back: %s",
                    HAND_BACK_PUBLICATION_WAIT_SECONDS, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What POST /runs says before it hands a request to the pool: refused when its dataset is outside the data roots,
     * or its run id is taken on this trainer (a run id taken on another trainer is refused by that one, on the
     * progress topic).
     */
    public SubmissionOutcome check(TrainingRequested request) {
        Optional<String> refusal = dataRoots.refusal(request.dataset());
        if (refusal.isPresent()) {
            return refused(request, SubmissionOutcome.invalid(request.runId(), refusal.get()));
        }
        synchronized (this) {
            if (requests.containsKey(request.runId())) {
                return refused(request, SubmissionOutcome.rejected(request.runId(),
                        "run id '" + request.runId() + "' is already taken by another request"));
            }
        }
        return SubmissionOutcome.accepted(request.runId());
    }
    /**
     * Tells the requester why a run was refused (REJECTED on the progress topic, and the log). Not recorded under the
     * run id: that would overwrite the state of a run that owns it, and a free id stays free for a corrected request.
     */
    private SubmissionOutcome refused(TrainingRequested request, SubmissionOutcome outcome) {
        progress.publish(TrainingProgress.state(request.runId(), RunState.REJECTED, 0, request.maxSteps(), outcome.reason())
                .withTrainer(trainerId));
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

    private CompletableFuture<Void> enqueue(TrainingRequested request) {
        AtomicBoolean cancelled = cancellations.computeIfAbsent(request.runId(), id -> new AtomicBoolean());
        CompletableFuture<Void> ended = new CompletableFuture<>();
        endings.put(request.runId(), ended);
        RunLease lease = new RunLease();
        leases.put(request.runId(), lease);
        TrainingProgress current = latest.get(request.runId());
        record(TrainingProgress.state(request.runId(), RunState.QUEUED, current == null ? 0 : current.step(), request.maxSteps(),
                "waiting for " + trainer.device()));
        deviceQueue.submit(new TrainingJob(request, trainer, this::record, cancelled, lease));
        return ended;
    }

    private synchronized void record(TrainingProgress event) {
        TrainingProgress previous = latest.get(event.runId());
        if (previous != null && previous.state() == RunState.CANCELLED && event.state() != RunState.CANCELLED) {
            return; // a job that was cancelled while queued never reports again
        }
        TrainingProgress told = event.withTrainer(trainerId);
        latest.put(told.runId(), told);
        trainer.journal().recordProgress(told);
        progress.publish(told);
        LOG.info(ProgressLine.format(told));
        if (told.state().isFinal()) {
            CompletableFuture<Void> ended = endings.remove(told.runId());
            partitions.remove(told.runId());
            if (ended != null) {
                // Committed only once the run's checkpoints are on Kafka, the pool's shared state (and not under this lock).
                outbox.queuedPublished().thenRunAsync(() -> ended.complete(null));
                CompletableFuture<Void> room = waitingForRoom.poll();
                if (room != null) {
                    room.completeAsync(() -> null); // not on this thread, which holds the lock
                }
            }
        }
    }
}
