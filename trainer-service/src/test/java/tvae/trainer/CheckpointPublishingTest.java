package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.KafkaCluster;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.trainer.checkpoints.CheckpointOutbox;
import tvae.transfer.CheckpointAssembler;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CheckpointPublishingTest {
    /** Waits until the outbox has tried to publish and the absent broker refused it. */
    private void awaitFailedAttemptAfter(long failedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.failedAttempts() <= failedBefore) {
            assertTrue(System.nanoTime() < deadline, "the outbox never tried to publish during the outage");
            Thread.sleep(200);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static PlainKafkaClient kafka;

    @Inject
    CheckpointOutbox outbox;

    @BeforeAll
    static void connect() {
        kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aCheckpointArrivesWholeAndItsReassembledBytesMatchTheSha256() throws Exception {
        Path file = randomFile("ck-whole", 3_000_000);
        byte[] original = Files.readAllBytes(file);
        CheckpointPublished sent = outbox.enqueue(file, "ck-whole", "run-x", 40, JsonNodeFactory.instance.objectNode().put("step", 40));
        assertEquals(6, sent.chunkCount(), "3 MB in 512 KiB chunks");

        CheckpointAssembler.Outcome outcome = receive("ck-whole");
        assertTrue(outcome.accepted(), outcome.refusal());
        assertArrayEquals(original, Files.readAllBytes(outcome.file()));
    }

    @Test
    void aCheckpointMadeWhileTheBrokerIsDownArrivesExactlyOnceWhenItIsBack() throws Exception {
        KafkaCluster broker = LocalStackTestResource.stack().kafka();
        Path file = randomFile("ck-outage", 1_200_000);
        byte[] original = Files.readAllBytes(file);
        broker.stop();
        try {
            long failedBefore = outbox.failedAttempts();
            outbox.enqueue(file, "ck-outage", "run-y", 80, JsonNodeFactory.instance.objectNode().put("step", 80));
            awaitFailedAttemptAfter(failedBefore);
            assertEquals(1, outbox.backlog(), "the checkpoint waits in the outbox while the broker is down");
        } finally {
            broker.start();
        }
        CheckpointAssembler.Outcome outcome = receive("ck-outage");
        assertTrue(outcome.accepted(), outcome.refusal());
        assertArrayEquals(original, Files.readAllBytes(outcome.file()));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, outbox.backlog());
        long announcements = kafka.readToEnd(Topics.CHECKPOINTS, WAIT).stream().filter(r -> "ck-outage".equals(r.key())).count();
        long chunks = kafka.readToEnd(Topics.CHECKPOINT_CHUNKS, WAIT).stream()
                .filter(r -> "ck-outage".equals(CheckpointChunk.checkpointIdOfKey(r.key()))).count();
        assertEquals(1, announcements, "announced exactly once");
        assertEquals(3, chunks, "each chunk committed exactly once");
    }

    @Test
    void publishingBeyondARunsNewestFewWithdrawsItsOldestChunksAndAnnouncementInTheSameTransaction() throws Exception {
        int keep = ConfigProvider.getConfig().getValue("tvae.checkpoint-outbox.keep-published", Integer.class);
        for (int step = 1; step <= keep + 1; step++) {
            outbox.enqueue(randomFile("ck-history-" + step, 700_000), "ck-history-" + step, "run-history", step,
                    JsonNodeFactory.instance.objectNode().put("step", step));
        }
        CheckpointPublished newest = CheckpointReception.announcement(kafka, "ck-history-" + (keep + 1), WAIT);
        assertTrue(receive(newest.checkpointId()).accepted());

        List<ConsumerRecord<String, byte[]>> announcements = history(Topics.CHECKPOINTS);
        List<ConsumerRecord<String, byte[]>> chunks = history(Topics.CHECKPOINT_CHUNKS);
        assertEquals(List.of("ck-history-1#chunk-0", "ck-history-1#chunk-1"), chunks.stream()
                .filter(r -> r.value() == null).map(ConsumerRecord::key).toList(), "both chunks of the oldest are tombstoned");
        assertEquals(List.of("ck-history-1"), announcements.stream().filter(r -> r.value() == null).map(ConsumerRecord::key).toList());
        ConsumerRecord<String, byte[]> tombstone = announcements.stream().filter(r -> r.value() == null).findFirst().orElseThrow();
        ConsumerRecord<String, byte[]> newestAnnouncement = announcements.stream()
                .filter(r -> newest.checkpointId().equals(r.key())).findFirst().orElseThrow();
        assertEquals(newestAnnouncement.offset() + 1, tombstone.offset(), "withdrawn by the publication that went beyond the newest few");
        for (int step = 2; step <= keep + 1; step++) {
            assertTrue(outbox.knows("ck-history-" + step), "step " + step + " is among the newest " + keep);
        }
        assertFalse(outbox.knows("ck-history-1"));
    }

    /** This test's records of the topic (other tests' runs publish there too). */
    private static List<ConsumerRecord<String, byte[]>> history(String topic) {
        return kafka.readToEnd(topic, WAIT).stream().filter(r -> r.key() != null && r.key().startsWith("ck-history-")).toList();
    }

    private static CheckpointAssembler.Outcome receive(String checkpointId) throws Exception {
        return CheckpointReception.assemble(kafka, CheckpointReception.announcement(kafka, checkpointId, WAIT), WAIT);
    }

    private static Path randomFile(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(Files.createTempDirectory("ck").resolve(name + ".zip"), bytes);
    }
}
