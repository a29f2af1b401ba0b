package tvae.inference.checkpoints;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.events.Topics;
import tvae.inference.serving.ModelServer;
import tvae.transfer.CheckpointAssembler;

/**
 * Follows vae.checkpoints and vae.checkpoint-chunks from their beginning (read_committed, so never half a checkpoint)
 * on its own thread, so loading a model never touches a request thread or the event loop: each record goes to the
 * {@link CheckpointIntake}; the complete checkpoints of the start-up {@link CheckpointReplay} are offered at once when
 * it ends, those after it one by one.
 *
 * <p>Supervised: the intake never throws for a record; a failure of the feed itself (the consumer, the disk) is logged
 * and the feed starts again from the beginning after a pause. {@link #running()} is false meanwhile, and readiness says
 * so ({@link CheckpointFeedHealth}).
 */
@ApplicationScoped
public class CheckpointFeed {
    private static final Logger LOG = Logger.getLogger(CheckpointFeed.class);

    /** Every kafka.* setting (broker, SASL login), as the channels get them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tvae.checkpoint-feed.restart-ms")
    long restartMillis;

    @Inject
    CheckpointIntake intake;

    @Inject
    ModelServer server;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile String lastFailure;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::supervise, "checkpoint-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.interrupt();
        thread.join(10_000);
    }

    /** True while the feed follows the topics; false before it first got its partitions and while it restarts. */
    public boolean running() {
        return running;
    }

    /** Why the feed last stopped, if it ever did. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void supervise() {
        while (!stopping) {
            try {
                follow();
            } catch (WakeupException | InterruptException stop) {
                // onStop woke us up
            } catch (Throwable e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf(e, "checkpoint feed stopped (%s); starting it again in %d ms", lastFailure, restartMillis);
            } finally {
                running = false;
            }
            if (!stopping) {
                try {
                    Thread.sleep(restartMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        LOG.info("checkpoint feed stopped");
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // It assigns its partitions and keeps no offsets: no group (Quarkus puts the application's name in the map).
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putAll(Map.of("isolation.level", "read_committed", "enable.auto.commit", "false",
                "max.partition.fetch.bytes", 4 * 1024 * 1024, "client.id", "inference-checkpoint-feed"));
        return config;
    }

    private void follow() throws IOException {
        try (KafkaConsumer<String, byte[]> followed = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = followed;
            if (stopping) {
                return;
            }
            CheckpointAssembler assembler = intake.startPass();
            List<TopicPartition> partitions = Stream.of(Topics.CHECKPOINTS, Topics.CHECKPOINT_CHUNKS)
                    .flatMap(topic -> followed.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))).toList();
            followed.assign(partitions);
            followed.seekToBeginning(partitions);
            Map<TopicPartition, Long> replayEnd = followed.endOffsets(partitions);
            CheckpointReplay replay = new CheckpointReplay(server, replayEnd);
            boolean replayed = false;
            running = true;
            lastFailure = null;
            LOG.infof("replaying checkpoints up to %s", replayEnd);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : followed.poll(Duration.ofMillis(500))) {
                    Optional<CheckpointAssembler.Outcome> complete = intake.accept(record, assembler);
                    if (complete.isPresent() && replayed) {
                        intake.offer(record, complete.get());
                    } else if (complete.isPresent()) {
                        replay.add(complete.get());
                    }
                }
                if (!replayed && replay.reachedEnd(followed)) {
                    replayed = true;
                    LOG.infof("replay done: %d complete checkpoint(s) kept from the topics", replay.checkpoints().size());
                    intake.offerAll(replay.checkpoints());
                }
            }
        } finally {
            consumer = null;
        }
    }
}
