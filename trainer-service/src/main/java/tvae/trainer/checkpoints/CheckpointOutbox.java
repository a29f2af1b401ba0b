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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 */
@ApplicationScoped
public class CheckpointOutbox {
    private static final Logger LOG = Logger.getLogger(CheckpointOutbox.class);
    private static final String PENDING = ".pending.json";
    private static final String PUBLISHED = ".published.json";

    @Inject
    CheckpointTransport transport;

    @ConfigProperty(name = "tvae.checkpoint-dir")
    Path directory;

    @ConfigProperty(name = "tvae.checkpoint-retry-ms")
    long retryMillis;

    /** Published markers kept per run: {@link #knows} needs them only for the checkpoints the run journal still holds. */
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
            leftOver.forEach(this::schedule);
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
                chunker.chunkCount(Files.size(target)), Files.size(target), Sha256.of(target));
        Path pending = outbox().resolve(checkpointId + PENDING);
        Path temporary = outbox().resolve(checkpointId + PENDING + ".tmp");
        Files.write(temporary, EventJson.encode(announcement));
        Files.move(temporary, pending, StandardCopyOption.ATOMIC_MOVE);
        schedule(pending);
        return announcement;
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

    /** Returns once every checkpoint queued before the call is published (one publisher thread: tasks run in order). */
    void awaitQueuedPublished() throws InterruptedException, java.util.concurrent.ExecutionException {
        publisher.submit(() -> { }).get();
    }

    private void schedule(Path pending) {
        publisher.submit(() -> publishUntilDone(pending));
    }

    private void publishUntilDone(Path pending) {
        CheckpointPublished announcement;
        try {
            announcement = EventJson.decode(Files.readAllBytes(pending), CheckpointPublished.class);
        } catch (IOException e) {
            LOG.errorf(e, "cannot read %s; it stays in the outbox", pending);
            return;
        }
        Path file = outbox().resolve(announcement.checkpointId() + ".zip");
        for (int attempt = 1; !stopping; attempt++) {
            try {
                long started = System.nanoTime();
                transport.publish(file, announcement);
                Files.move(pending, outbox().resolve(announcement.checkpointId() + PUBLISHED), StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(file);
                prunePublished(announcement.runId());
                LOG.infof("published checkpoint %s (%d bytes, %d chunks) in %.1f s", announcement.checkpointId(),
                        announcement.sizeBytes(), announcement.chunkCount(), (System.nanoTime() - started) / 1e9);
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

    /** Whether this checkpoint was ever handed to the outbox (pending or published), e.g. before a crash. */
    public boolean knows(String checkpointId) {
        return Files.exists(outbox().resolve(checkpointId + PENDING)) || Files.exists(outbox().resolve(checkpointId + PUBLISHED));
    }

    /** Keeps the newest {@code keepPublished} markers of a run (by step); a marker that cannot be read stays. */
    private void prunePublished(String runId) throws IOException {
        record Marker(Path file, long step) {
        }
        List<Marker> markers = new ArrayList<>();
        for (Path file : markers(PUBLISHED)) {
            try {
                CheckpointPublished announcement = EventJson.decode(Files.readAllBytes(file), CheckpointPublished.class);
                if (announcement.runId().equals(runId)) {
                    markers.add(new Marker(file, announcement.step()));
                }
            } catch (RuntimeException e) {
                LOG.warnf("unreadable outbox marker %s left in place: %s", file, e.getMessage());
            }
        }
        markers.sort(Comparator.comparingLong(Marker::step).reversed());
        for (Marker stale : markers.subList(Math.min(keepPublished, markers.size()), markers.size())) {
            Files.deleteIfExists(stale.file());
        }
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
