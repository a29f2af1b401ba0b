package tvae.trainer.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.transfer.CheckpointChunker;
import tvae.transfer.Sha256;

/**
 * Checkpoints waiting to be published, kept on local disk so neither a broker outage nor a trainer crash loses one.
 * Training only drops a file here; one background thread publishes them in order, retrying until the broker takes
 * each, and marks it published afterwards. A crash between publishing and marking republishes the same
 * checkpointId, which consumers recognise — so nothing is lost and nothing is counted twice.
 *
 * <p>A run keeps its newest {@code keep-published} checkpoints on Kafka: the one publication that goes beyond them
 * withdraws the oldest in the same transaction (tombstones, so the compacted topics drop their bytes) and forgets its
 * marker. A crash between the two withdraws it again with the next publication; tombstones are idempotent.
 */
@ApplicationScoped
public class CheckpointOutbox {
    private static final Logger LOG = Logger.getLogger(CheckpointOutbox.class);
    private static final String PENDING = ".pending.json";
    private static final String PUBLISHED = ".published.json";

    @Inject
    CheckpointTransport transport;

    @Inject
    PublishedCheckpoints onKafka;

    @ConfigProperty(name = "tvae.checkpoint-dir")
    Path directory;

    @ConfigProperty(name = "tvae.checkpoint-retry-ms")
    long retryMillis;

    /** Named in every announcement: which trainer of the pool made the checkpoint. */
    @ConfigProperty(name = "tvae.trainer.id")
    String trainerId;

    /**
     * Checkpoints per run that stay published on Kafka (and whose markers {@link #knows} answers from): at least what the
     * run journal holds and what inference-service keeps per run.
     */
    @ConfigProperty(name = "tvae.checkpoint-outbox.keep-published")
    int keepPublished;

    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> new Thread(r, "checkpoint-outbox"));
    private final CheckpointChunker chunker = new CheckpointChunker(CheckpointChunker.DEFAULT_CHUNK_BYTES);
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(outbox());
        List<Path> leftOver = pending();
        if (!leftOver.isEmpty()) {
            LOG.infof("%d checkpoint(s) left unpublished by the last run of this service: publishing them now", leftOver.size());
            leftOver.forEach(pending -> schedule(pending, true));
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        publisher.shutdownNow();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
    }

    /**
     * Queues a checkpoint file for publication. The outbox keeps its own link to the bytes (the caller may delete or
     * prune its file) and drops it once the broker has them.
     * @return the announcement that will be published with it
     */
    public CheckpointPublished enqueue(Path file, String checkpointId, String runId, long step, JsonNode manifest) throws IOException {
        Files.createDirectories(outbox());
        Path target = outbox().resolve(checkpointId + ".zip");
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target); // another file system: a copy costs disk but keeps the same guarantee
        }
        CheckpointPublished announcement = CheckpointPublished.of(checkpointId, runId, step, manifest,
                chunker.chunkCount(Files.size(target)), Files.size(target), Sha256.of(target)).withTrainer(trainerId);
        Path pending = outbox().resolve(checkpointId + PENDING);
        writeMarker(pending, announcement);
        schedule(pending, false);
        return announcement;
    }

    /**
     * Takes over what another trainer of the pool published for a run this one continues: those checkpoints are
     * never published again from here, and count towards the run's {@code keep-published} like its own (the oldest
     * is withdrawn when a newer one goes out).
     */
    public void adopt(List<CheckpointPublished> published) throws IOException {
        Files.createDirectories(outbox());
        for (CheckpointPublished announcement : published) {
            if (!knows(announcement.checkpointId())) {
                writeMarker(outbox().resolve(announcement.checkpointId() + PUBLISHED), announcement);
            }
        }
    }

    private static void writeMarker(Path marker, CheckpointPublished announcement) throws IOException {
        Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.write(temporary, EventJson.encode(announcement));
        Files.move(temporary, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** How many checkpoints are waiting for the broker. */
    public int backlog() {
        try {
            return pending().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many publishing attempts the broker did not take (each is retried): checkpoints held back, not lost. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /**
     * Completes once every checkpoint queued before the call is published (one publisher thread: tasks run in order);
     * never while the broker stays away, and fails once the outbox has stopped.
     */
    public CompletionStage<Void> queuedPublished() {
        try {
            return CompletableFuture.runAsync(() -> { }, publisher);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * @param leftOver queued before this trainer last stopped: meanwhile another trainer of the pool may have taken the
     *                 run over and published this step or a later one itself, and then this one is dropped, not forked
     */
    private void schedule(Path pending, boolean leftOver) {
        publisher.submit(() -> publishUntilDone(pending, leftOver));
    }

    private void publishUntilDone(Path pending, boolean leftOver) {
        if (!Files.exists(pending)) {
            return; // dropped while it waited (dropPending)
        }
        CheckpointPublished announcement;
        try {
            announcement = EventJson.decode(Files.readAllBytes(pending), CheckpointPublished.class);
        } catch (IOException e) {
            LOG.errorf(e, "cannot read %s; it stays in the outbox", pending);
            return;
        }
        Path file = outbox().resolve(announcement.checkpointId() + ".zip");
        for (int attempt = 1; !stopping; attempt++) {
            if (attempt > 1 && !Files.exists(pending)) {
                LOG.infof("checkpoint %s dropped while its publication was retried", announcement.checkpointId());
                return; // its run went to another trainer (dropPending); retrying would hold up every later checkpoint
            }
            try {
                if (leftOver && supersededOnKafka(announcement)) {
                    Files.deleteIfExists(pending);
                    Files.deleteIfExists(file);
                    return;
                }
                long started = System.nanoTime();
                List<Marker> surplus = surplusWith(announcement);
                transport.publish(file, announcement, surplus.stream().map(Marker::announcement).toList());
                Files.move(pending, outbox().resolve(announcement.checkpointId() + PUBLISHED), StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(file);
                for (Marker withdrawn : surplus) {
                    Files.deleteIfExists(withdrawn.file());
                }
                LOG.infof("published checkpoint %s (%d bytes, %d chunks) in %.1f s%s", announcement.checkpointId(),
                        announcement.sizeBytes(), announcement.chunkCount(), (System.nanoTime() - started) / 1e9,
                        surplus.isEmpty() ? "" : "; withdrew " + surplus.stream().map(m -> m.announcement().checkpointId()).toList());
                return;
            } catch (Exception e) {
                failedAttempts.incrementAndGet();
                LOG.warnf("publishing checkpoint %s failed (attempt %d), retrying in %d ms: %s",
                        announcement.checkpointId(), attempt, retryMillis, e.getMessage());
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Drops the run's checkpoints that wait for the broker (a publication under way finishes if the broker takes it,
     * and is not retried if not): the run went to another trainer of the pool, which continues from what is on Kafka.
     * @return how many were dropped
     */
    public int dropPending(String runId) {
        int dropped = 0;
        try {
            for (Path pending : pending()) {
                try {
                    CheckpointPublished announcement = EventJson.decode(Files.readAllBytes(pending), CheckpointPublished.class);
                    if (announcement.runId().equals(runId) && Files.deleteIfExists(pending)) {
                        Files.deleteIfExists(outbox().resolve(announcement.checkpointId() + ".zip"));
                        dropped++;
                    }
                } catch (RuntimeException | NoSuchFileException e) {
                    // published meanwhile, or unreadable: not this run's to drop
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dropped;
    }

    private boolean supersededOnKafka(CheckpointPublished announcement) {
        Optional<CheckpointPublished> other = onKafka.of(announcement.runId()).stream()
                .filter(c -> c.step() >= announcement.step() && !trainerId.equals(c.trainer())).findFirst();
        other.ifPresent(c -> LOG.infof("checkpoint %s is not published: %s took the run over meanwhile and published %s",
                announcement.checkpointId(), c.trainer(), c.checkpointId()));
        return other.isPresent();
    }

    /** Whether this checkpoint was ever handed to the outbox (pending or published), e.g. before a crash. */
    public boolean knows(String checkpointId) {
        return Files.exists(outbox().resolve(checkpointId + PENDING)) || Files.exists(outbox().resolve(checkpointId + PUBLISHED));
    }

    /** A published checkpoint the outbox still remembers, by its marker file. */
    private record Marker(Path file, CheckpointPublished announcement) {
    }

    /**
     * The run's published checkpoints beyond its newest {@code keepPublished} once {@code next} is published too (the
     * newest by step; {@code next} itself is never among them). An unreadable marker is left alone.
     */
    private List<Marker> surplusWith(CheckpointPublished next) throws IOException {
        List<Marker> run = new ArrayList<>();
        for (Path file : markers(PUBLISHED)) {
            try {
                CheckpointPublished announcement = EventJson.decode(Files.readAllBytes(file), CheckpointPublished.class);
                if (announcement.runId().equals(next.runId()) && !announcement.checkpointId().equals(next.checkpointId())) {
                    run.add(new Marker(file, announcement));
                }
            } catch (RuntimeException e) {
                LOG.warnf("unreadable outbox marker %s left in place: %s", file, e.getMessage());
            }
        }
        run.add(new Marker(null, next));
        run.sort(Comparator.comparingLong((Marker marker) -> marker.announcement().step()).reversed());
        return run.stream().skip(keepPublished).filter(marker -> marker.file() != null).toList();
    }

    private Path outbox() {
        return directory.resolve("outbox");
    }

    private List<Path> pending() throws IOException {
        return markers(PENDING);
    }

    /** The outbox's files ending in {@code suffix}, oldest first. */
    private List<Path> markers(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(p -> p.toFile().lastModified())).toList();
        }
    }
}
