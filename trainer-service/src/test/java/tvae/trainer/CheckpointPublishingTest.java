package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.KafkaBroker;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
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
        KafkaBroker broker = LocalStackTestResource.stack().kafka();
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
        long chunks = kafka.readToEnd(Topics.CHECKPOINT_CHUNKS, WAIT).stream().filter(r -> "ck-outage".equals(r.key())).count();
        assertEquals(1, announcements, "announced exactly once");
        assertEquals(3, chunks, "each chunk committed exactly once");
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
