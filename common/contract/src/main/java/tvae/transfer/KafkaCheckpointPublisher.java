package tvae.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;

/**
 * Publishes a checkpoint as one Kafka transaction: every chunk on vae.checkpoint-chunks, then the announcement on
 * vae.checkpoints, then tombstones for the checkpoints it withdraws (every chunk's key and the announcement's key), so
 * the compacted topics let their bytes go. A read_committed consumer sees all of it or none of it. A plain producer
 * rather than a SmallRye emitter, because one transaction spans two topics and the producer must be rebuilt after the
 * broker has gone away.
 * Not for concurrent use: one publisher per transactional id.
 */
public final class KafkaCheckpointPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCheckpointPublisher.class);

    private final Map<String, Object> clientProperties;
    private final String transactionalId;
    private final CheckpointChunker chunker = new CheckpointChunker(CheckpointChunker.DEFAULT_CHUNK_BYTES);
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param clientProperties where the broker is and how to log in to it (bootstrap servers, security protocol, SASL);
     *                         the publisher adds its own producer settings
     */
    public KafkaCheckpointPublisher(Map<String, Object> clientProperties, String transactionalId) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.transactionalId = transactionalId;
    }

    /** The announcement a file would be published with (size, chunk count, sha256 of the file). */
    public CheckpointPublished announce(Path file, String checkpointId, String runId, long step,
                                        com.fasterxml.jackson.databind.JsonNode manifest) throws IOException {
        long size = java.nio.file.Files.size(file);
        return CheckpointPublished.of(checkpointId, runId, step, manifest, chunker.chunkCount(size), size, Sha256.of(file));
    }

    /** {@link #publish(Path, CheckpointPublished, List)} withdrawing nothing. */
    public void publish(Path file, CheckpointPublished announcement) throws IOException {
        publish(file, announcement, List.of());
    }

    /**
     * @param withdrawn checkpoints published earlier that no consumer needs any more: tombstoned in the same transaction
     * @throws IOException when the broker did not take all of it; nothing of it is visible then, so retrying is safe
     */
    public synchronized void publish(Path file, CheckpointPublished announcement, List<CheckpointPublished> withdrawn)
            throws IOException {
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            int chunkPartitions = p.partitionsFor(Topics.CHECKPOINT_CHUNKS).size();
            chunker.chunk(announcement.checkpointId(), file, announcement.sha256(), chunk -> sent.add(p.send(
                    chunkRecord(announcement.checkpointId(), chunk.index(), chunkPartitions, EventJson.encode(chunk)))));
            sent.add(p.send(new ProducerRecord<>(Topics.CHECKPOINTS, announcement.checkpointId(), EventJson.encode(announcement))));
            for (CheckpointPublished old : withdrawn) {
                for (int index = 0; index < old.chunkCount(); index++) {
                    sent.add(p.send(chunkRecord(old.checkpointId(), index, chunkPartitions, null)));
                }
                sent.add(p.send(new ProducerRecord<>(Topics.CHECKPOINTS, old.checkpointId(), null)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            p.commitTransaction();
        } catch (ExecutionException | InterruptedException | IOException | RuntimeException e) {
            discard();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("checkpoint " + announcement.checkpointId() + " not published: " + e.getMessage(), e);
        }
    }

    /** Keyed per chunk (compaction keeps each), but placed by checkpoint id, so a checkpoint's chunks stay in order. */
    private static ProducerRecord<String, byte[]> chunkRecord(String checkpointId, int index, int partitions, byte[] value) {
        int partition = Utils.toPositive(Utils.murmur2(checkpointId.getBytes(StandardCharsets.UTF_8))) % partitions;
        return new ProducerRecord<>(Topics.CHECKPOINT_CHUNKS, partition, CheckpointChunk.recordKey(checkpointId, index), value);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(clientProperties);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            // A 500 MB checkpoint is a thousand chunks in one transaction: give it minutes, not the default 60 s.
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
            KafkaProducer<String, byte[]> created = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /** After a failure the transaction state is unknown: abort what can be aborted and start over with a new producer. */
    private void discard() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.debug("abort after failure: {}", e.getMessage());
        }
        producer.close(Duration.ofSeconds(5));
        producer = null;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
