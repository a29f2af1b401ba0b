package tvae.trainer.runs;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CorruptCheckpointException;
import tvae.data.Datasets;
import tvae.data.PreparationProgress;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.events.CheckpointPublished;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.model.TransformerVaeConfig;
import tvae.train.ProgressWindow;
import tvae.train.SequenceFit;
import tvae.train.StepMetrics;
import tvae.train.TrainingLoop;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;
import tvae.trainer.checkpoints.CheckpointOutbox;
import tvae.trainer.checkpoints.PublishedCheckpoints;

/**
 * One run on the device: prepares its data, trains step by step (fresh, or resumed from its newest checkpoint, here or
 * on Kafka),
 * checkpoints every {@code checkpointEvery} steps and at the end, and reports as it goes. Runs on the device thread,
 * never on an event loop; cancellation is checked between steps.
 */
final class TrainingJob implements Runnable {
    private static final Logger LOG = Logger.getLogger(TrainingJob.class);
    /** Held-out items scored at the end of a run (and with every checkpoint): enough for a stable accuracy. */
    private static final int EVALUATION_ITEMS = 256;
    static final String ELAPSED_SECONDS = "elapsedSeconds";

    private final TrainingRequested request;
    private final Trainer trainer;
    private final Consumer<TrainingProgress> report;
    private final AtomicBoolean cancelled;
    private final RunLease lease;

    /** What every run on this trainer shares. */
    record Trainer(String id, RunJournal journal, CheckpointOutbox outbox, PublishedCheckpoints published, Path dataCache,
                   Device device, long progressIntervalMillis, PrivateKey signingKey) {
    }

    /**
     * @param cancelled set when the run is cancelled: it ends CANCELLED after the current step
     * @param lease     given up when the run goes back to the pool (the trainer stops, or the consumer group gave its
     *                  request to another trainer): it stops after the current step without ending, and queues no
     *                  checkpoint from then on
     */
    TrainingJob(TrainingRequested request, Trainer trainer, Consumer<TrainingProgress> report, AtomicBoolean cancelled,
                RunLease lease) {
        this.request = request;
        this.trainer = trainer;
        this.report = report;
        this.cancelled = cancelled;
        this.lease = lease;
    }

    @Override
    public void run() {
        if (cancelled.get() || lease.handedBack() != null) {
            return;
        }
        try {
            train();
        } catch (Exception | OutOfMemoryError e) {
            LOG.errorf(e, "run %s failed", request.runId());
            report.accept(TrainingProgress.state(request.runId(), RunState.FAILED, 0, request.maxSteps(), describe(e)));
        }
    }

    private void train() throws IOException {
        String runId = request.runId();
        PreparationProgress preparing = PreparationProgress.throttled(progressIntervalNanos(), (stage, done, total) -> report.accept(
                TrainingProgress.state(runId, RunState.PREPARING, 0, request.maxSteps(),
                        "preparing data: " + PreparationProgress.describe(stage, done, total))));
        PreparedDataset data = Datasets.prepare(request.dataset(), trainer.dataCache(), preparing);   // shared tokenizer: never closed here
        List<String> train = data.corpus().texts(Split.TRAIN);
        List<String> valid = data.corpus().texts(Split.VALID);
        TransformerVaeConfig config = SequenceFit.fitted(
                TransformerVaeConfig.preset(request.model().preset()).withOverrides(request.model().overrides()), data);
        TrainingOptions options = TrainingOptions.preset(request.model().preset()).with(request.hyperParameters(), request.maxSteps());
        takeOverPublished();
        Resumption resumption = resume(options, train, valid);
        Device device = trainer.device();
        try (TrainingSession session = resumption != null ? resumption.session()
                : TrainingSession.start(config, options, data.tokenizer(), train, valid, device)) {
            if (resumption != null) {
                publishIfNeverHandedOver(resumption.checkpoint(), session.stepsDone());
                report.accept(TrainingProgress.state(runId, RunState.RESUMED, session.stepsDone(), request.maxSteps(),
                        "resumed from step " + session.stepsDone() + " (" + resumption.checkpoint().getFileName() + ") on " + device));
            } else {
                report.accept(TrainingProgress.state(runId, RunState.RUNNING, 0, request.maxSteps(),
                        String.format("training on %s: %d train / %d valid items, vocabulary %d", device, train.size(),
                                valid.size(), data.tokenizer().vocabSize())));
            }
            loop(session, resumption == null ? 0.0 : elapsedSecondsOf(resumption.checkpoint()));
        }
    }

    private record Resumption(TrainingSession session, Path checkpoint) {
    }

    /**
     * The pool's shared state for this run: its checkpoints on Kafka, which another trainer may have made (it died,
     * or stopped and handed the run back). The outbox adopts them, so none is published twice and the oldest are
     * withdrawn as usual; the newest becomes the local checkpoint to resume from when it is newer than any here.
     */
    private void takeOverPublished() throws IOException {
        List<CheckpointPublished> published = trainer.published().of(request.runId());
        if (published.isEmpty()) {
            return;
        }
        trainer.outbox().adopt(published);
        long localStep = trainer.journal().latestCheckpoint(request.runId()).map(RunJournal::stepOf).orElse(-1L);
        List<CheckpointPublished> newer = published.stream().filter(c -> c.step() > localStep).toList();
        if (newer.isEmpty()) {
            return;
        }
        Optional<PublishedCheckpoints.Fetched> fetched = trainer.published().fetchNewest(newer,
                step -> trainer.journal().checkpointFile(request.runId(), step));
        fetched.ifPresent(f -> LOG.infof("run %s: took checkpoint %s (step %d, made by %s) from Kafka to resume from",
                request.runId(), f.announcement().checkpointId(), f.announcement().step(), f.announcement().trainer()));
    }

    /**
     * The run continued from its newest local checkpoint that loads; one that a crash left corrupt (or a disk
     * damaged) is skipped with a warning and the one before it is used. Null when there is none: a fresh start.
     */
    private Resumption resume(TrainingOptions options, List<String> train, List<String> valid) throws IOException {
        for (Path checkpoint : trainer.journal().checkpoints(request.runId())) {
            try {
                return new Resumption(TrainingSession.resume(checkpoint, options, train, valid, trainer.device()), checkpoint);
            } catch (CorruptCheckpointException e) {
                LOG.warnf("run %s: local checkpoint %s is unusable (%s); trying the one before it", request.runId(),
                        checkpoint.getFileName(), e.getMessage());
            }
        }
        return null;
    }

    private void loop(TrainingSession session, double elapsedBefore) throws IOException {
        long started = System.nanoTime();
        DoubleSupplier elapsed = () -> elapsedBefore + (System.nanoTime() - started) / 1e9;
        long[] lastCheckpointStep = {session.stepsDone()};
        TrainingLoop loop = new TrainingLoop(request.maxSteps(), TrainingLoop.deadline(request.maxMinutes(), elapsedBefore),
                progressIntervalNanos(), () -> cancelled.get() || lease.handedBack() != null);
        TrainingLoop.Stop stop = loop.run(session, new TrainingLoop.Listener() {
            @Override
            public void stepped(TrainingSession s) throws IOException {
                // A step that ends after a hand-back is the new owner's to make again: checkpointing it would announce twice.
                if (s.stepsDone() % request.checkpointEvery() == 0 && lease.handedBack() == null
                        && checkpoint(s, s.evaluate(EVALUATION_ITEMS), elapsed.getAsDouble())) {
                    lastCheckpointStep[0] = s.stepsDone();
                }
            }

            @Override
            public void report(ProgressWindow window, StepMetrics latest, long stepsDone, Double etaSeconds) {
                report.accept(window.progress(request.runId(), RunState.RUNNING, stepsDone, request.maxSteps(), etaSeconds, null));
            }
        });
        if (!cancelled.get() && lease.handedBack() != null) {
            reportHandedBack(session);
            return;
        }
        if (stop == TrainingLoop.Stop.CANCELLED) {
            report.accept(TrainingProgress.state(request.runId(), RunState.CANCELLED, session.stepsDone(), request.maxSteps(),
                    "cancelled at step " + session.stepsDone()));
            return;
        }
        Map<String, Double> evaluation = session.evaluate(EVALUATION_ITEMS);
        if ((session.stepsDone() != lastCheckpointStep[0] || trainer.journal().latestCheckpoint(request.runId()).isEmpty())
                && !checkpoint(session, evaluation, elapsed.getAsDouble())) {
            reportHandedBack(session);
            return;
        }
        String why = stop == TrainingLoop.Stop.STEPS ? "reached " + request.maxSteps() + " steps"
                : "reached the " + request.maxMinutes() + "-minute limit";
        report.accept(TrainingProgress.of(request.runId(), RunState.COMPLETED, session.stepsDone(), request.maxSteps(),
                evaluation, evaluation.get("tokenAccuracy"), null, 0.0, why + "; held-out " + summary(evaluation)));
    }

    /** Not an end: the request stays uncommitted, so the consumer group hands it to a trainer of the pool. */
    private void reportHandedBack(TrainingSession session) {
        report.accept(TrainingProgress.state(request.runId(), RunState.QUEUED, session.stepsDone(), request.maxSteps(),
                "handed back at step " + session.stepsDone() + " (" + lease.handedBack() + "); the pool resumes it from its "
                        + "newest published checkpoint"));
    }

    /** @return false when the run was handed back before the checkpoint could be queued: it is not kept then */
    private boolean checkpoint(TrainingSession session, Map<String, Double> metrics, double elapsedSeconds) throws IOException {
        long step = session.stepsDone();
        Map<String, Double> withTime = new LinkedHashMap<>(metrics);
        withTime.put(ELAPSED_SECONDS, elapsedSeconds);
        Path file = session.saveCheckpoint(trainer.journal().checkpointFile(request.runId(), step), request.runId(), withTime,
                request.dataset(), trainer.signingKey());
        String checkpointId = checkpointIdAt(step);
        JsonNode manifest = Checkpoint.readManifest(file);
        if (!lease.whileHeld(() -> trainer.outbox().enqueue(file, checkpointId, request.runId(), step, manifest))) {
            Files.deleteIfExists(file); // or a later resumption here would publish it beside the new owner's
            LOG.infof("run %s: checkpoint %s not queued: the run was handed back (%s)", request.runId(), checkpointId,
                    lease.handedBack());
            return false;
        }
        trainer.journal().pruneCheckpoints(request.runId());
        report.accept(TrainingProgress.of(request.runId(), RunState.CHECKPOINTED, step, request.maxSteps(), metrics,
                metrics.get("tokenAccuracy"), null, null, "checkpoint " + checkpointId));
        return true;
    }

    /** A crash between writing a checkpoint and queueing it would otherwise leave it unpublished for good. */
    private void publishIfNeverHandedOver(Path checkpoint, long step) throws IOException {
        String checkpointId = checkpointIdAt(step);
        if (!trainer.outbox().knows(checkpointId)) {
            LOG.infof("checkpoint %s was written but never queued before the restart: publishing it now", checkpointId);
            JsonNode manifest = Checkpoint.readManifest(checkpoint);
            lease.whileHeld(() -> trainer.outbox().enqueue(checkpoint, checkpointId, request.runId(), step, manifest));
        }
    }

    private long progressIntervalNanos() {
        return trainer.progressIntervalMillis() * 1_000_000L;
    }

    private String checkpointIdAt(long step) {
        return request.runId() + "-step-" + step;
    }

    private static double elapsedSecondsOf(Path checkpoint) {
        try {
            return Checkpoint.readManifest(checkpoint).path("metrics").path(ELAPSED_SECONDS).asDouble(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String summary(Map<String, Double> evaluation) {
        StringBuilder text = new StringBuilder();
        evaluation.forEach((name, value) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(String.format(" %.4f", value)));
        return text.toString();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "failed: " + message;
    }
}
