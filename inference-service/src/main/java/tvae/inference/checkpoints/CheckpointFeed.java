package tvae.inference.checkpoints;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.Topics;
import tvae.inference.serving.ModelServer;
import tvae.messaging.DeadLetterPublisher;
import tvae.transfer.CheckpointAssembler;

/**
 * Follows vae.checkpoints and vae.checkpoint-chunks from their beginning (read_committed, so never half a
 * checkpoint), reassembles and verifies every checkpoint on local disk, and hands complete ones to the
 * {@link ModelServer}. At start-up it replays the topics first and offers everything at once, so the newest checkpoint
 * is served after a restart without any trainer, and only that one is loaded. Runs on its own thread: loading a
 * model never touches a request thread or the event loop.
 */
@ApplicationScoped
public class CheckpointFeed {
    private static final Logger LOG = Logger.getLogger(CheckpointFeed.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tvae.checkpoint-cache")
    Path cacheDirectory;

    @Inject
    ModelServer server;

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    private DeadLetterPublisher deadLetters;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean replayed;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "inference-service");
    }

    void onStart(@Observes StartupEvent event) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "enable.auto.commit", "false", "max.partition.fetch.bytes", 4 * 1024 * 1024,
                "client.id", "inference-checkpoint-feed"), new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::follow, "checkpoint-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }

    /** True once the topics were read up to where they stood when the service started. */
    public boolean replayed() {
        return replayed;
    }

    private void follow() {
        try (KafkaConsumer<String, byte[]> closedOnExit = consumer) {
            CheckpointAssembler assembler = new CheckpointAssembler(cacheDirectory);
            List<TopicPartition> partitions = Stream.of(Topics.CHECKPOINTS, Topics.CHECKPOINT_CHUNKS)
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> replayEnd = consumer.endOffsets(partitions);
            List<Map.Entry<CheckpointPublished, Path>> replayedCheckpoints = new ArrayList<>();
            LOG.infof("replaying checkpoints up to %s", replayEnd);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record, assembler).ifPresent(outcome -> {
                        if (replayed) {
                            offer(outcome);
                        } else {
                            replayedCheckpoints.add(new AbstractMap.SimpleEntry<>(outcome.published(), outcome.file()));
                        }
                    });
                }
                if (!replayed && partitions.stream().allMatch(p -> consumer.position(p) >= replayEnd.get(p))) {
                    replayed = true;
                    LOG.infof("replay done: %d complete checkpoint(s) on the topics", replayedCheckpoints.size());
                    offerAll(replayedCheckpoints);
                }
            }
        } catch (WakeupException stopping) {
            LOG.info("checkpoint feed stopped");
        } catch (IOException | RuntimeException e) {
            LOG.error("checkpoint feed died; no new checkpoint will be loaded until a restart", e);
        }
    }

    /** Decodes one record into the assembler; a complete and verified checkpoint comes out, a bad one is dead-lettered. */
    private Optional<CheckpointAssembler.Outcome> handle(ConsumerRecord<String, byte[]> record, CheckpointAssembler assembler) {
        Optional<CheckpointAssembler.Outcome> outcome;
        try {
            outcome = record.topic().equals(Topics.CHECKPOINTS)
                    ? assembler.accept(EventJson.decode(record.value(), CheckpointPublished.class))
                    : assembler.accept(EventJson.decode(record.value(), CheckpointChunk.class));
        } catch (InvalidEventException e) {
            refuse(record, e.getMessage());
            return Optional.empty();
        }
        if (outcome.isPresent() && !outcome.get().accepted()) {
            refuse(record, "checkpoint " + outcome.get().checkpointId() + " refused: " + outcome.get().refusal());
            return Optional.empty();
        }
        return outcome;
    }

    private void offer(CheckpointAssembler.Outcome outcome) {
        try {
            server.offer(outcome.published(), outcome.file());
        } catch (IOException e) {
            refuseLoad(outcome.published(), e);
        }
    }

    private void offerAll(List<Map.Entry<CheckpointPublished, Path>> checkpoints) {
        try {
            server.offerAll(checkpoints);
        } catch (IOException e) {
            LOG.errorf("the newest replayed checkpoint could not be loaded: %s", e.getMessage());
        }
    }

    private void refuseLoad(CheckpointPublished checkpoint, IOException e) {
        String reason = "checkpoint " + checkpoint.checkpointId() + " could not be loaded, still serving "
                + server.served().map(CheckpointPublished::checkpointId).orElse("nothing") + ": " + e.getMessage();
        LOG.error(reason);
        deadLetters.refuse(Topics.CHECKPOINTS, -1, -1, checkpoint.checkpointId(), EventJson.encode(checkpoint), reason);
    }

    private void refuse(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.refuse(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }
}
