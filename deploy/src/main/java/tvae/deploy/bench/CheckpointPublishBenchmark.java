package tvae.deploy.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tvae.deploy.LocalStack;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.transfer.CheckpointAssembler;
import tvae.transfer.KafkaCheckpointPublisher;

/**
 * Checkpoint publishing throughput against a real local broker: one transaction per checkpoint (what the trainer
 * does), then a read_committed consumer reassembling and verifying it (what inference-service does).
 * Arguments: checkpoint sizes in MB (default 50 500). Command: docs/benchmarks.md.
 */
public final class CheckpointPublishBenchmark {
    private CheckpointPublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {50, 500} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (LocalStack stack = LocalStack.startEphemeral();
             KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(stack.kafka().adminClientProperties(), "bench-" + UUID.randomUUID())) {
            Path directory = Files.createTempDirectory("checkpoint-bench");
            System.out.printf("%-6s %-7s %-10s %-13s %-10s %-13s%n", "MB", "chunks", "publish s", "publish MB/s", "receive s", "receive MB/s");
            for (int megabytes : sizes) {
                Path file = randomFile(directory, megabytes);
                String id = "bench-" + megabytes + "mb-" + UUID.randomUUID();
                CheckpointPublished announcement = publisher.announce(file, id, "bench", 0, JsonNodeFactory.instance.objectNode());
                long started = System.nanoTime();
                publisher.publish(file, announcement);
                double publishSeconds = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                receive(stack.kafka().adminClientProperties(), id, directory.resolve("assembled"));
                double receiveSeconds = (System.nanoTime() - started) / 1e9;
                double mb = announcement.sizeBytes() / 1e6;
                System.out.printf("%-6d %-7d %-10.1f %-13.1f %-10.1f %-13.1f%n", megabytes, announcement.chunkCount(),
                        publishSeconds, mb / publishSeconds, receiveSeconds, mb / receiveSeconds);
                Files.delete(file);
            }
        }
    }

    private static Path randomFile(Path directory, int megabytes) throws Exception {
        Path file = directory.resolve(megabytes + "mb.zip");
        Random random = new Random(megabytes);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block); // incompressible, like trained weights
                out.write(block);
            }
        }
        return file;
    }

    /** Reads both topics from the start until the checkpoint is complete and its sha256 verified. */
    private static void receive(Map<String, Object> clientProperties, String id, Path directory) throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(directory);
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.putAll(Map.of("isolation.level", "read_committed", "enable.auto.commit", "false", "max.partition.fetch.bytes", 4 * 1024 * 1024));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.CHECKPOINTS, 0), new TopicPartition(Topics.CHECKPOINT_CHUNKS, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!id.equals(record.key())) {
                        continue;
                    }
                    Optional<CheckpointAssembler.Outcome> outcome = record.topic().equals(Topics.CHECKPOINTS)
                            ? assembler.accept(EventJson.decode(record.value(), CheckpointPublished.class))
                            : assembler.accept(EventJson.decode(record.value(), CheckpointChunk.class));
                    if (outcome.isPresent()) {
                        if (!outcome.get().accepted()) {
                            throw new IllegalStateException(outcome.get().refusal());
                        }
                        Files.delete(outcome.get().file());
                        return;
                    }
                }
            }
        }
    }
}
