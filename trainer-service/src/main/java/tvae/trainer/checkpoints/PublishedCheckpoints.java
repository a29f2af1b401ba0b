package tvae.trainer.checkpoints;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.transfer.CheckpointAssembler;

/**
 * A run's checkpoints as they stand on Kafka, the pool's shared state: what a trainer reads when it takes over a run
 * another trainer started (that one died, or stopped and handed it back). Reads the compacted announcements topic
 * from its start to its end (read_committed: a checkpoint whose transaction died with its trainer is not there), drops
 * withdrawn ones (tombstones), and reassembles the newest from its chunks, checked against the announcement's size and
 * sha256. Only the trainer principal may write these topics (KafkaAccess).
 */
@ApplicationScoped
public class PublishedCheckpoints {
    private static final Logger LOG = Logger.getLogger(PublishedCheckpoints.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Every kafka.* setting (broker, SASL login), as the channels get them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** A checkpoint of the run fetched to local disk, with its announcement. */
    public record Fetched(CheckpointPublished announcement, Path file) {
    }

    /** The run's announced checkpoints that were not withdrawn, oldest step first. */
    public List<CheckpointPublished> of(String runId) {
        Map<String, CheckpointPublished> announced = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            readToEnd(consumer, Topics.CHECKPOINTS, null, record -> {
                if (record.value() == null) {
                    announced.remove(record.key()); // withdrawn: compaction deletes it
                    return false;
                }
                try {
                    CheckpointPublished checkpoint = EventJson.decode(record.value(), CheckpointPublished.class);
                    if (checkpoint.runId().equals(runId)) {
                        announced.put(checkpoint.checkpointId(), checkpoint);
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("not an announcement at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                }
                return false;
            });
        }
        List<CheckpointPublished> sorted = new ArrayList<>(announced.values());
        sorted.sort(Comparator.comparingLong(CheckpointPublished::step));
        return sorted;
    }

    /**
     * The newest of {@code published} that reassembles and matches its announcement, written to {@code target}'s
     * file for its step; empty when none does.
     */
    public Optional<Fetched> fetchNewest(List<CheckpointPublished> published, java.util.function.LongFunction<Path> target)
            throws IOException {
        for (int i = published.size() - 1; i >= 0; i--) {
            CheckpointPublished announcement = published.get(i);
            Optional<Path> file = fetch(announcement, target.apply(announcement.step()));
            if (file.isPresent()) {
                return Optional.of(new Fetched(announcement, file.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<Path> fetch(CheckpointPublished announcement, Path target) throws IOException {
        Path scratch = Files.createTempDirectory(target.getParent(), ".fetch-");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            CheckpointAssembler assembler = new CheckpointAssembler(scratch);
            assembler.accept(announcement);
            CheckpointAssembler.Outcome[] outcome = {null};
            readToEnd(consumer, Topics.CHECKPOINT_CHUNKS, announcement.timestamp().toEpochMilli(), record -> {
                if (record.value() == null || record.key() == null
                        || !announcement.checkpointId().equals(CheckpointChunk.checkpointIdOfKey(record.key()))) {
                    return false;
                }
                assembler.accept(EventJson.decode(record.value(), CheckpointChunk.class)).ifPresent(o -> outcome[0] = o);
                return outcome[0] != null;
            });
            if (outcome[0] == null || !outcome[0].accepted()) {
                LOG.warnf("checkpoint %s on Kafka does not reassemble: %s", announcement.checkpointId(),
                        outcome[0] == null ? "chunks missing" : outcome[0].refusal());
                return Optional.empty();
            }
            Files.move(outcome[0].file(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } finally {
            try (var left = Files.list(scratch)) {
                for (Path file : left.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * Hands {@code topic}'s records (from {@code sinceMillis}, or its start when null) to {@code done} up to the end
     * each partition had when the pass began, or until {@code done} says so.
     */
    private static void readToEnd(KafkaConsumer<String, byte[]> consumer, String topic, Long sinceMillis,
                                  Predicate<ConsumerRecord<String, byte[]>> done) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (sinceMillis == null) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, sinceMillis));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp at = found.get(partition);
                consumer.seek(partition, at == null ? end.get(partition) : at.offset());
            }
        }
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && done.test(record)) {
                    return;
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // It assigns its partitions and keeps no offsets: no group (Quarkus puts the application's name in the map).
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putAll(Map.of("isolation.level", "read_committed", "enable.auto.commit", "false",
                "max.partition.fetch.bytes", 4 * 1024 * 1024, "client.id", "trainer-published-checkpoints"));
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
