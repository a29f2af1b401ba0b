package tvae.inference.checkpoints;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.nio.file.Path;
import tvae.events.CheckpointPublished;
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
import tvae.inference.serving.SharedSelection;
import tvae.transfer.CheckpointAssembler;

/**
 * Follows vae.checkpoints and vae.checkpoint-chunks (read_committed, so never half a checkpoint), and the serving
 * selection all replicas share (vae.model-selection, handed to {@link SharedSelection}), on its own thread, so
 * loading a model never touches a request thread or the event loop: each record goes to the {@link CheckpointIntake}.
 * At start-up the announcements are read first and a {@link ReplayPlan} picks the checkpoints worth reassembling, so
 * the replay's work grows with what the cache keeps, not with the topics' history; the complete checkpoints of the
 * {@link CheckpointReplay} are offered at once when it ends, those after it one by one.
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

    @Inject
    SharedSelection selection;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile String lastFailure;
    private Thread thread;
    private volatile ReplaySummary lastReplay;

    /**
     * How much earlier than the oldest kept announcement its chunks may be stamped: an announcement is made before its
     * chunks are sent, by the same producer, but a takeover by another producer may bring another clock.
     */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

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

    /** What the last start-up replay did, once it has ended. */
    public Optional<ReplaySummary> lastReplay() {
        return Optional.ofNullable(lastReplay);
    }

    private void follow() throws IOException {
        try (KafkaConsumer<String, byte[]> followed = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = followed;
            if (stopping) {
                return;
            }
            CheckpointAssembler assembler = intake.startPass();
            List<TopicPartition> announcements = partitions(followed, Topics.CHECKPOINTS);
            List<TopicPartition> chunks = partitions(followed, Topics.CHECKPOINT_CHUNKS);
            List<TopicPartition> selections = partitions(followed, Topics.MODEL_SELECTION);
            List<TopicPartition> partitions = Stream.of(announcements, chunks, selections).flatMap(List::stream).toList();
            Map<TopicPartition, Long> replayEnd = followed.endOffsets(partitions);
            running = true;
            lastFailure = null;
            LOG.infof("replaying checkpoints up to %s", replayEnd);
            CheckpointReplay replay = new CheckpointReplay(server, replayEnd);
            ReplayPlan plan = plan(followed, announcements, replayEnd, assembler, replay);
            if (stopping) {
                return;
            }
            readToReplayEnd(followed, selections, replayEnd).forEach(selection::follow); // before the replay's checkpoints are offered
            followed.assign(partitions);
            Stream.concat(announcements.stream(), selections.stream()).forEach(partition -> followed.seek(partition, replayEnd.get(partition)));
            long skipped = seekChunks(followed, chunks, plan, replayEnd);
            long passedOver = 0;
            boolean replayed = false;
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : followed.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals(Topics.MODEL_SELECTION)) {
                        selection.follow(record);
                        continue;
                    }
                    if (!replayed && !plan.wanted(record)) {
                        passedOver++;
                        continue;
                    }
                    Optional<CheckpointAssembler.Outcome> complete = intake.accept(record, assembler);
                    if (complete.isPresent() && replayed) {
                        intake.offer(record, complete.get());
                    } else if (complete.isPresent()) {
                        replay.add(complete.get());
                    }
                }
                if (!replayed && replay.reachedEnd(followed)) {
                    replayed = true;
                    lastReplay = plan.summary(skipped, passedOver);
                    LOG.infof("replay done: %d complete checkpoint(s) kept from the topics (%s)", replay.checkpoints().size(),
                            lastReplay);
                    intake.offerAll(replay.checkpoints());
                }
            }
        } finally {
            consumer = null;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /**
     * Reads the announcements up to where the replay ends, decides from them what to keep, takes the kept checkpoints
     * whose verified files are still in the cache as they are, and hands the intake the announcements of the rest (an
     * announcement waits in the assembler for its chunks).
     */
    private ReplayPlan plan(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> announcements,
                            Map<TopicPartition, Long> replayEnd, CheckpointAssembler assembler, CheckpointReplay replay)
            throws IOException {
        List<ConsumerRecord<String, byte[]>> records = readToReplayEnd(consumer, announcements, replayEnd);
        ReplayPlan plan = ReplayPlan.of(records, server.retention());
        Set<String> cached = new HashSet<>();
        Set<Path> cachedFiles = new HashSet<>();
        for (CheckpointPublished kept : plan.kept()) {
            Optional<CheckpointAssembler.Outcome> outcome = intake.cached(kept);
            if (outcome.isPresent()) {
                cached.add(kept.checkpointId());
                cachedFiles.add(outcome.get().file());
                replay.add(outcome.get());
            }
        }
        intake.dropCachedExcept(cachedFiles);
        plan = plan.withComplete(cached);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (plan.wanted(record)) {
                Optional<CheckpointAssembler.Outcome> complete = intake.accept(record, assembler);
                if (complete.isPresent()) {
                    replay.add(complete.get());
                }
            }
        }
        return plan;
    }

    /** Every record of {@code partitions} from their beginning up to where the replay ends. */
    private List<ConsumerRecord<String, byte[]>> readToReplayEnd(KafkaConsumer<String, byte[]> consumer,
                                                                 List<TopicPartition> partitions, Map<TopicPartition, Long> replayEnd) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        while (!stopping && partitions.stream().anyMatch(p -> consumer.position(p) < replayEnd.get(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < replayEnd.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /**
     * Positions the chunk partitions at the first chunk that can belong to a kept checkpoint (a margin before the
     * oldest kept announcement, for producers whose clocks differ), or at the replay's end when nothing is kept.
     * @return how many chunk records are skipped unread
     */
    private static long seekChunks(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> chunks, ReplayPlan plan,
                                   Map<TopicPartition, Long> replayEnd) {
        Map<TopicPartition, Long> start = new HashMap<>();
        chunks.forEach(partition -> start.put(partition, replayEnd.get(partition)));
        plan.chunksSince().ifPresent(since -> {
            Map<TopicPartition, Long> at = new HashMap<>();
            chunks.forEach(partition -> at.put(partition, since.minus(CLOCK_MARGIN).toEpochMilli()));
            consumer.offsetsForTimes(at).forEach((partition, found) -> {
                if (found != null) {
                    start.put(partition, found.offset());
                }
            });
        });
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(chunks);
        long skipped = 0;
        for (TopicPartition partition : chunks) {
            consumer.seek(partition, start.get(partition));
            skipped += Math.max(0, start.get(partition) - beginning.get(partition));
        }
        return skipped;
    }
}
