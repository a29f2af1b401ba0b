package tvae.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.Topics;

/** A plain Kafka client, as any outside producer or consumer (kcat included) would be; used by tests and the CLI. */
public final class PlainKafkaClient implements AutoCloseable {
    /** Its consumers' groups start so; {@link KafkaAccess#CLIENT} may use such groups. */
    static final String GROUP_PREFIX = "plain-reader-";

    private final Map<String, Object> clientProperties;
    private final KafkaProducer<String, byte[]> producer;

    /** @param clientProperties where the broker is and who logs in ({@link KafkaCluster#clientProperties}) */
    public PlainKafkaClient(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.producer = new KafkaProducer<>(with(Map.of("acks", "all", "max.request.size", KafkaCluster.MAX_MESSAGE_BYTES)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** @return where the broker put it (partition and offset) */
    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the topic from the beginning until a record matches, or fails after the timeout. */
    public ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = awaitAll(topic, match, 1, timeout);
        return found.get(0);
    }

    /** Reads the topic from the beginning until {@code count} records match; returns every match seen by then. */
    public List<ConsumerRecord<String, byte[]>> awaitAll(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                         int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matches.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matches.add(record);
                    }
                }
            }
        }
        if (matches.size() < count) {
            throw new AssertionError("expected " + count + " matching record(s) on " + topic + " within " + timeout
                    + ", found " + matches.size());
        }
        return matches;
    }

    /** The dead letter that {@code consumer} wrote for the record with this key. */
    public DeadLetter awaitDeadLetter(String key, String consumer, Duration timeout) {
        return EventJson.decode(await(Topics.DEAD_LETTER, r -> key.equals(r.key())
                && EventJson.decode(r.value(), DeadLetter.class).consumer().equals(consumer), timeout).value(), DeadLetter.class);
    }

    /** Every committed record on the topic right now, from the beginning to the end offsets. */
    public List<ConsumerRecord<String, byte[]>> readToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** read_committed: like every consumer of this system, it never sees an aborted checkpoint transaction. */
    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(with(Map.of("group.id", GROUP_PREFIX + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "enable.auto.commit", "false", "isolation.level", "read_committed",
                "max.partition.fetch.bytes", KafkaCluster.MAX_MESSAGE_BYTES)), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(clientProperties);
        all.putAll(settings);
        return all;
    }

    public static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
