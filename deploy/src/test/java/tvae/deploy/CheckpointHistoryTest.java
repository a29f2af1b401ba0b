package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.Topics;
import tvae.transfer.KafkaCheckpointPublisher;

/**
 * The checkpoint bytes on Kafka do not grow with history: a run that withdraws its checkpoints beyond the newest two
 * (as the trainer's outbox does) leaves, once the broker has compacted, the chunks of those two (and of the newest
 * withdrawn one, whose tombstones sit in the segment still written), whatever it published. Segments are made small
 * here so that compaction has closed segments to work on without waiting an hour.
 */
class CheckpointHistoryTest {
    private static final int PUBLISHED = 8;
    private static final int KEPT = 2;
    private static final int CHUNKS_EACH = 3;
    @RegisterExtension
    static final EphemeralStack STACK = new EphemeralStack(1);

    @Test
    void compactionLeavesOnlyTheNewestCheckpointsOfARunOnTheTopics(@TempDir Path directory) throws Exception {
        try (Admin admin = Admin.create(STACK.stack().kafka().adminClientProperties())) {
            // One chunk record per segment, and any dirt worth cleaning.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHECKPOINT_CHUNKS), List.of(
                    set("segment.bytes", Integer.toString(1024 * 1024)), set("min.cleanable.dirty.ratio", "0.01")))).all().get();
        }
        List<CheckpointPublished> published = new ArrayList<>();
        try (KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(STACK.stack().kafka().adminClientProperties(), "history-test")) {
            for (int step = 1; step <= PUBLISHED; step++) {
                byte[] bytes = new byte[CHUNKS_EACH * 512 * 1024 - 100];
                new Random(step).nextBytes(bytes);
                Path file = Files.write(directory.resolve("step-" + step + ".zip"), bytes);
                CheckpointPublished announcement = publisher.announce(file, "history-" + step, "history", step,
                        JsonNodeFactory.instance.objectNode().put("step", step));
                List<CheckpointPublished> withdrawn = published.size() >= KEPT
                        ? List.of(published.get(published.size() - KEPT)) : List.of();
                publisher.publish(file, announcement, withdrawn);
                published.add(announcement);
            }
        }
        Set<String> kept = Set.of("history-" + (PUBLISHED - 1), "history-" + PUBLISHED);
        // The segment still written is never compacted, and the newest withdrawal's tombstones are in it.
        String lastWithdrawn = "history-" + (PUBLISHED - KEPT);

        try (PlainKafkaClient kafka = new PlainKafkaClient(STACK.stack().kafka().adminClientProperties())) {
            List<ConsumerRecord<String, byte[]>> before = kafka.readToEnd(Topics.CHECKPOINT_CHUNKS, Duration.ofMinutes(1));
            assertEquals(PUBLISHED * CHUNKS_EACH, before.stream().filter(r -> r.value() != null).count(),
                    "before compaction every chunk ever published is there");
            assertEquals((PUBLISHED - KEPT) * CHUNKS_EACH, before.stream().filter(r -> r.value() == null).count(),
                    "a tombstone for each chunk of each withdrawn checkpoint");

            Set<String> left = awaitCompacted(kafka, kept, lastWithdrawn);
            assertTrue(left.containsAll(kept), "the kept checkpoints' chunks stay: " + left);
            for (int step = 1; step < PUBLISHED - KEPT; step++) {
                assertTrue(!left.contains("history-" + step), "history-" + step + " was withdrawn and compacted away");
            }
            assertEquals(KEPT * CHUNKS_EACH, kafka.readToEnd(Topics.CHECKPOINT_CHUNKS, Duration.ofMinutes(1)).stream()
                    .filter(r -> r.value() != null && kept.contains(CheckpointChunk.checkpointIdOfKey(r.key()))).count(),
                    "every chunk of the kept ones, once");
        }
    }

    /**
     * Reads the chunks topic until only the kept checkpoints (and the one whose tombstones sit in the active segment)
     * have chunks left, i.e. the log cleaner ran (it wakes every 15 s); the guard only stops a hang.
     * @return the checkpoints with chunks left
     */
    private static Set<String> awaitCompacted(PlainKafkaClient kafka, Set<String> kept, String lastWithdrawn)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            Set<String> left = kafka.readToEnd(Topics.CHECKPOINT_CHUNKS, Duration.ofMinutes(1)).stream()
                    .filter(r -> r.value() != null).map(r -> CheckpointChunk.checkpointIdOfKey(r.key())).collect(Collectors.toSet());
            Set<String> allowed = new HashSet<>(kept);
            allowed.add(lastWithdrawn);
            if (allowed.containsAll(left)) {
                return left;
            }
            assertTrue(System.nanoTime() < deadline, "the broker never compacted the chunks topic: chunks of " + left + " left");
            Thread.sleep(1000);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
