package tvae.inference.checkpoints;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import tvae.checkpoint.CorruptCheckpointException;
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
 * {@link ModelServer}, but only after {@link CheckpointVerification} has checked its signature and contents. Intake
 * is bounded (bytes, chunks, partial checkpoints and waiting announcements, {@code tvae.checkpoint-intake.*}); what
 * breaks a bound or fails verification is dead-lettered with the reason, its files deleted, and the previous model
 * keeps serving. The cache directory holds only what the server keeps ({@code keep-per-run}). At start-up it replays
 * the topics first and offers everything at once, so the newest checkpoint is served after a restart without any
 * trainer, and only that one is loaded. Runs on its own thread: loading a
 * model never touches a request thread or the event loop.
 *
 * <p>Supervised: a record whose handling throws anything (an {@code OutOfMemoryError} from a bomb included) is
 * dead-lettered and remembered, so it is skipped when the topics are replayed; a failure of the feed itself (the
 * consumer, the disk) is logged and the feed starts again from the beginning after a pause. {@link #running()} is
 * false meanwhile, and readiness says so ({@link CheckpointFeedHealth}).
 */
@ApplicationScoped
public class CheckpointFeed {
    private static final Logger LOG = Logger.getLogger(CheckpointFeed.class);

    /** Every kafka.* setting (broker, SASL login), as the channels get them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tvae.checkpoint-cache")
    Path cacheDirectory;

    @ConfigProperty(name = "tvae.checkpoint-feed.restart-ms", defaultValue = "2000")
    long restartMillis;

    @ConfigProperty(name = "tvae.checkpoint-intake.max-bytes")
    long maxBytes;

    /** Unset: as many as max-bytes makes at the publishers' chunk size. */
    @ConfigProperty(name = "tvae.checkpoint-intake.max-chunks")
    Optional<Integer> maxChunks;

    @ConfigProperty(name = "tvae.checkpoint-intake.max-partials")
    int maxPartials;

    @ConfigProperty(name = "tvae.checkpoint-intake.max-waiting-announcements")
    int maxWaitingAnnouncements;

    @Inject
    ModelServer server;

    @Inject
    CheckpointVerification verification;

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    private DeadLetterPublisher deadLetters;
    /** Records that failed once: a replay after a restart passes over them instead of failing again. */
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile String lastFailure;
    private Thread thread;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "inference-service");
    }

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
            cleanCache();
            CheckpointAssembler assembler = new CheckpointAssembler(cacheDirectory, new CheckpointAssembler.Limits(maxBytes,
                    maxChunks.orElse(CheckpointAssembler.Limits.of(maxBytes).maxChunks()), maxPartials, maxWaitingAnnouncements));
            List<TopicPartition> partitions = Stream.of(Topics.CHECKPOINTS, Topics.CHECKPOINT_CHUNKS)
                    .flatMap(topic -> followed.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))).toList();
            followed.assign(partitions);
            followed.seekToBeginning(partitions);
            Map<TopicPartition, Long> replayEnd = followed.endOffsets(partitions);
            List<Map.Entry<CheckpointPublished, Path>> replayedCheckpoints = new ArrayList<>();
            boolean replayed = false;
            running = true;
            lastFailure = null;
            LOG.infof("replaying checkpoints up to %s", replayEnd);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : followed.poll(Duration.ofMillis(500))) {
                    Optional<CheckpointAssembler.Outcome> complete = handleSafely(record, assembler);
                    assembler.takeDropped().forEach(this::refuseDropped);
                    if (complete.isPresent() && replayed) {
                        offerSafely(record, complete.get());
                    } else if (complete.isPresent()) {
                        replayedCheckpoints.add(new AbstractMap.SimpleEntry<>(complete.get().published(), complete.get().file()));
                        pruneReplayed(replayedCheckpoints);
                    }
                }
                if (!replayed && partitions.stream().allMatch(p -> followed.position(p) >= replayEnd.get(p))) {
                    replayed = true;
                    LOG.infof("replay done: %d complete checkpoint(s) kept from the topics", replayedCheckpoints.size());
                    offerAll(replayedCheckpoints);
                }
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Partial files a stopped feed left, and checkpoint files the server no longer knows: the replay that follows
     * writes again whatever is still wanted.
     */
    private void cleanCache() throws IOException {
        Files.createDirectories(cacheDirectory);
        Set<Path> kept = server.availableFiles();
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".part") || name.endsWith(".zip") && !kept.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** While replaying, only what the cache would keep stays on disk (a topic can hold a long history). */
    private void pruneReplayed(List<Map.Entry<CheckpointPublished, Path>> replayedCheckpoints) throws IOException {
        Set<Path> serverFiles = server.availableFiles();
        for (Map.Entry<CheckpointPublished, Path> surplus : server.retention().surplus(List.copyOf(replayedCheckpoints),
                Map.Entry::getKey, server.served().map(CheckpointPublished::checkpointId).orElse(null))) {
            replayedCheckpoints.remove(surplus);
            if (!serverFiles.contains(surplus.getValue())) {
                Files.deleteIfExists(surplus.getValue());
            }
        }
    }

    /** {@link #handle}, except that whatever it throws dead-letters the record instead of stopping the feed. */
    private Optional<CheckpointAssembler.Outcome> handleSafely(ConsumerRecord<String, byte[]> record,
                                                               CheckpointAssembler assembler) {
        if (poisoned.contains(origin(record))) {
            return Optional.empty();
        }
        try {
            return handle(record, assembler);
        } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError e) {
            poison(record, e);
            return Optional.empty();
        }
    }

    /** Decodes one record into the assembler; a complete and verified checkpoint comes out, a bad one is dead-lettered. */
    private Optional<CheckpointAssembler.Outcome> handle(ConsumerRecord<String, byte[]> record, CheckpointAssembler assembler)
            throws IOException {
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
            refuse(record, refusal(outcome.get().checkpointId(), outcome.get().refusal()));
            return Optional.empty();
        }
        if (outcome.isPresent()) {
            try {
                verification.verify(outcome.get().published(), outcome.get().file());
            } catch (CorruptCheckpointException e) {
                Files.deleteIfExists(outcome.get().file());
                refuse(record, refusal(outcome.get().checkpointId(), e.getMessage()));
                return Optional.empty();
            }
        }
        return outcome;
    }

    /** A checkpoint the assembler dropped to stay within its limits (not the record at hand's fault). */
    private void refuseDropped(CheckpointAssembler.Outcome dropped) {
        byte[] value = dropped.published() == null ? new byte[0] : EventJson.encode(dropped.published());
        String topic = dropped.published() == null ? Topics.CHECKPOINT_CHUNKS : Topics.CHECKPOINTS;
        deadLetters.refuse(topic, -1, -1, dropped.checkpointId(), value, refusal(dropped.checkpointId(), dropped.refusal()));
    }

    private String refusal(String checkpointId, String reason) {
        String refusal = "checkpoint " + checkpointId + " refused: " + reason + "; still serving "
                + server.served().map(CheckpointPublished::checkpointId).orElse("nothing");
        LOG.warn(refusal);
        return refusal;
    }

    private void offerSafely(ConsumerRecord<String, byte[]> record, CheckpointAssembler.Outcome outcome) {
        try {
            server.offer(outcome.published(), outcome.file());
        } catch (IOException e) {
            refuseLoad(outcome.published(), e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            poison(record, e);
        }
    }

    private void offerAll(List<Map.Entry<CheckpointPublished, Path>> checkpoints) {
        try {
            server.offerAll(checkpoints);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.errorf("the newest replayed checkpoint could not be loaded: %s", e.getMessage());
        }
    }

    private void refuseLoad(CheckpointPublished checkpoint, IOException e) {
        String reason = "checkpoint " + checkpoint.checkpointId() + " could not be loaded, still serving "
                + server.served().map(CheckpointPublished::checkpointId).orElse("nothing") + ": " + e.getMessage();
        LOG.error(reason);
        deadLetters.refuse(Topics.CHECKPOINTS, -1, -1, checkpoint.checkpointId(), EventJson.encode(checkpoint), reason);
    }

    private void poison(ConsumerRecord<String, byte[]> record, Throwable failure) {
        poisoned.add(origin(record));
        LOG.errorf(failure, "handling %s failed; the record is set aside", origin(record));
        refuse(record, "failed after it was read: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private void refuse(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.refuse(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }

    private static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "[" + record.partition() + "]@" + record.offset();
    }
}
