package tvae.trainer.checkpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.CheckpointPublished;

/**
 * The outbox keeps only the newest {@code keep-published} checkpoints of each run published: each publication beyond
 * them withdraws the oldest one (handed to the transport with it) and forgets its marker; never another run's, never
 * an unreadable one; the published bytes go. In a pool it adopts what another trainer published of a run it takes
 * over, and drops what it left unpublished itself when another trainer has gone on with the run meanwhile.
 */
class CheckpointOutboxTest {
    private static final String TRAINER = "trainer-a";

    @TempDir
    Path directory;

    @Test
    void keepsTheNewestPublishedMarkersOfEachRunAndDropsThePublishedFiles() throws Exception {
        List<String> published = new ArrayList<>();
        List<String> withdrawals = new ArrayList<>();
        CheckpointOutbox outbox = outbox((file, announcement, withdrawn) -> {
            published.add(announcement.checkpointId());
            withdrawals.add(announcement.checkpointId() + " withdraws " + withdrawn.stream().map(CheckpointPublished::checkpointId).toList());
        }, 3);
        Files.writeString(directory.resolve("outbox").resolve("garbled.published.json"), "{not json");
        for (long step = 10; step <= 60; step += 10) {
            enqueue(outbox, "a", step);
        }
        enqueue(outbox, "b", 10);
        enqueue(outbox, "b", 20);
        outbox.queuedPublished().toCompletableFuture().get();

        assertEquals(List.of("a-10", "a-20", "a-30", "a-40", "a-50", "a-60", "b-10", "b-20"), published);
        assertEquals(List.of("a-10 withdraws []", "a-20 withdraws []", "a-30 withdraws []", "a-40 withdraws [a-10]",
                "a-50 withdraws [a-20]", "a-60 withdraws [a-30]", "b-10 withdraws []", "b-20 withdraws []"), withdrawals);
        assertEquals(0, outbox.backlog());
        for (String pruned : List.of("a-10", "a-20", "a-30")) {
            assertFalse(outbox.knows(pruned), pruned + " was published before the run's newest three and is forgotten");
        }
        for (String kept : List.of("a-40", "a-50", "a-60", "b-10", "b-20")) {
            assertTrue(outbox.knows(kept), kept + " is among its run's newest three and is remembered");
        }
        assertTrue(Files.exists(directory.resolve("outbox").resolve("garbled.published.json")), "an unreadable marker stays");
        try (Stream<Path> files = Files.list(directory.resolve("outbox"))) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".zip")).toList(), "published bytes are deleted");
        }
        outbox.onStop(null);
    }

    @Test
    void adoptsWhatAnotherTrainerPublishedOfARunItTakesOver() throws Exception {
        List<String> withdrawals = new ArrayList<>();
        CheckpointOutbox outbox = outbox((file, announcement, withdrawn) -> withdrawals.add(announcement.checkpointId()
                + " withdraws " + withdrawn.stream().map(CheckpointPublished::checkpointId).toList()), 2);
        outbox.adopt(List.of(published("r", 10, "trainer-b"), published("r", 20, "trainer-b")));
        assertTrue(outbox.knows("r-10") && outbox.knows("r-20"), "adopted checkpoints are never published again");
        enqueue(outbox, "r", 30);
        outbox.queuedPublished().toCompletableFuture().get();
        assertEquals(List.of("r-30 withdraws [r-10]"), withdrawals, "adopted checkpoints count towards keep-published");
        outbox.onStop(null);
    }

    @Test
    void dropsWhatItLeftUnpublishedWhenAnotherTrainerWentOnWithTheRun() throws Exception {
        CheckpointOutbox brokerAway = outbox((file, announcement, withdrawn) -> {
            throw new IOException("no broker");
        }, 4);
        enqueue(brokerAway, "taken", 50);
        enqueue(brokerAway, "taken", 100);
        enqueue(brokerAway, "kept", 10);
        brokerAway.onStop(null);
        assertEquals(3, brokerAway.backlog(), "all three left unpublished when the trainer stopped");

        List<String> published = new ArrayList<>();
        CheckpointOutbox restarted = outbox((file, announcement, withdrawn) -> published.add(announcement.checkpointId()), 4,
                List.of(published("taken", 100, "trainer-b"), published("kept", 5, TRAINER)));
        restarted.queuedPublished().toCompletableFuture().get();
        assertEquals(List.of("kept-10"), published, "trainer-b published step 100 of 'taken' meanwhile: 50 and 100 from "
                + "here would fork it");
        assertEquals(0, restarted.backlog());
        assertFalse(restarted.knows("taken-50") || restarted.knows("taken-100"));
        restarted.onStop(null);
    }

    @Test
    void aCheckpointDroppedWhileItsPublicationIsRetriedHoldsUpNothingQueuedBehindIt() throws Exception {
        CountDownLatch retried = new CountDownLatch(2);
        AtomicBoolean brokerBack = new AtomicBoolean();
        List<String> published = new CopyOnWriteArrayList<>();
        CheckpointOutbox outbox = outbox((file, announcement, withdrawn) -> {
            Files.size(file);                        // the transport reads the bytes: a deleted file fails as it would
            if (!brokerBack.get()) {
                retried.countDown();
                throw new IOException("no broker");
            }
            published.add(announcement.checkpointId());
        }, 4);
        enqueue(outbox, "handed", 10);
        enqueue(outbox, "other", 10);
        retried.await();
        assertEquals(2, outbox.backlog(), "handed-10 is being retried, other-10 waits behind it");

        assertEquals(1, outbox.dropPending("handed"), "the run went to another trainer");
        brokerBack.set(true);
        outbox.queuedPublished().toCompletableFuture().get(1, TimeUnit.MINUTES); // a hang guard
        assertEquals(List.of("other-10"), published, "the dropped checkpoint is not retried, the next one goes out");
        assertEquals(0, outbox.backlog());
        outbox.onStop(null);
    }

    private static CheckpointPublished published(String run, long step, String trainer) {
        return CheckpointPublished.of(run + "-" + step, run, step, JsonNodeFactory.instance.objectNode(), 1, 10,
                "00".repeat(32)).withTrainer(trainer);
    }

    private CheckpointOutbox outbox(CheckpointTransport transport, int keepPublished) throws Exception {
        return outbox(transport, keepPublished, List.of());
    }

    /** An outbox whose view of Kafka holds {@code onKafka} (announcements of any run). */
    private CheckpointOutbox outbox(CheckpointTransport transport, int keepPublished, List<CheckpointPublished> onKafka)
            throws Exception {
        CheckpointOutbox outbox = new CheckpointOutbox();
        outbox.onKafka = new PublishedCheckpoints() {
            @Override
            public List<CheckpointPublished> of(String runId) {
                return onKafka.stream().filter(c -> c.runId().equals(runId)).toList();
            }
        };
        outbox.trainerId = TRAINER;
        outbox.transport = transport;
        outbox.directory = directory;
        outbox.retryMillis = 10;
        outbox.keepPublished = keepPublished;
        outbox.onStart(null);
        return outbox;
    }

    private void enqueue(CheckpointOutbox outbox, String run, long step) throws Exception {
        Path file = Files.writeString(directory.resolve(run + "-" + step + ".zip"), "checkpoint " + run + " " + step);
        CheckpointPublished announcement = outbox.enqueue(file, run + "-" + step, run, step,
                JsonNodeFactory.instance.objectNode().put("runId", run).put("step", step));
        assertEquals(run + "-" + step, announcement.checkpointId());
    }
}
