package tvae.inference.checkpoints;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import tvae.transfer.Sha256;

/**
 * One record of vae.checkpoints or vae.checkpoint-chunks at a time: decoded, reassembled on local disk within the
 * bounds of {@link CheckpointIntakeSettings}, verified ({@link CheckpointVerification}) and, once complete, handed to
 * the {@link ModelServer}. What breaks a bound or fails verification is dead-lettered with the reason and its files
 * deleted; the previous model keeps serving. A record whose handling throws anything (an {@code OutOfMemoryError}
 * from a bomb included) is dead-lettered and remembered, so a replay of the topics passes over it.
 */
@ApplicationScoped
public class CheckpointIntake {
    private static final Logger LOG = Logger.getLogger(CheckpointIntake.class);

    @ConfigProperty(name = "tvae.checkpoint-cache")
    Path cacheDirectory;

    @Inject
    CheckpointIntakeSettings settings;

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

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "inference-service");
    }

    /**
     * Starts a pass over the topics from their beginning: deletes the partial files a stopped pass left (complete
     * checkpoint files stay until {@link #dropCachedExcept}, the replay may reuse them), and returns a fresh assembler.
     */
    CheckpointAssembler startPass() throws IOException {
        Files.createDirectories(cacheDirectory);
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".part")) {
                    Files.deleteIfExists(file);
                }
            }
        }
        long maxBytes = settings.maxBytes();
        return new CheckpointAssembler(cacheDirectory, new CheckpointAssembler.Limits(maxBytes,
                settings.maxChunks().orElse(CheckpointAssembler.Limits.of(maxBytes).maxChunks()), settings.maxPartials(),
                settings.maxWaitingAnnouncements()));
    }

    /**
     * The announced checkpoint as a complete, verified file already in the cache (left by an earlier pass or an earlier
     * run of the service), so its chunks need not be read again; empty when there is none or it does not match the
     * announcement (size, sha256, signature and contents are all checked, and a file that fails is deleted).
     */
    Optional<CheckpointAssembler.Outcome> cached(CheckpointPublished announcement) {
        Path file = CheckpointAssembler.completeFile(cacheDirectory, announcement.checkpointId());
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            if (Files.size(file) == announcement.sizeBytes() && Sha256.of(file).equals(announcement.sha256())) {
                verification.verify(announcement, file);
                return Optional.of(new CheckpointAssembler.Outcome(announcement.checkpointId(), file, announcement, null));
            }
            LOG.warnf("cached file of %s does not match its announcement; reading it from the topic again", announcement.checkpointId());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cached file of %s not reused (%s); reading it from the topic again", announcement.checkpointId(), e.getMessage());
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", file, e.getMessage());
        }
        return Optional.empty();
    }

    /** Deletes the complete checkpoint files in the cache that neither the server nor {@code reused} holds. */
    void dropCachedExcept(Set<Path> reused) throws IOException {
        Set<Path> kept = server.availableFiles();
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".zip") && !kept.contains(file) && !reused.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * The complete, verified checkpoint this record finishes, if it finishes one. Never throws: a bad record, and a
     * checkpoint the assembler dropped to stay within its bounds, are dead-lettered instead.
     */
    Optional<CheckpointAssembler.Outcome> accept(ConsumerRecord<String, byte[]> record, CheckpointAssembler assembler) {
        Optional<CheckpointAssembler.Outcome> complete = Optional.empty();
        if (record.value() == null) {
            // A tombstone: the trainer withdrew a checkpoint from the topics. What this cache keeps is its own
            // retention's business (the served model is never dropped for it).
            return complete;
        }
        if (!poisoned.contains(origin(record))) {
            try {
                complete = handle(record, assembler);
            } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError e) {
                poison(record, e);
            }
        }
        assembler.takeDropped().forEach(this::refuseDropped);
        return complete;
    }

    /** Hands one checkpoint that arrived after the replay to the server; a failure dead-letters it. */
    void offer(ConsumerRecord<String, byte[]> record, CheckpointAssembler.Outcome outcome) {
        try {
            server.offer(outcome.published(), outcome.file());
        } catch (IOException e) {
            refuseLoad(outcome.published(), e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            poison(record, e);
        }
    }

    /** Hands the replay's checkpoints to the server at once, so only the one it serves is loaded. */
    void offerAll(List<Map.Entry<CheckpointPublished, Path>> checkpoints) {
        try {
            server.offerAll(checkpoints);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.errorf("the newest replayed checkpoint could not be loaded: %s", e.getMessage());
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
        String refusal = "checkpoint " + checkpointId + " refused: " + reason + "; still serving " + servedId();
        LOG.warn(refusal);
        return refusal;
    }

    private void refuseLoad(CheckpointPublished checkpoint, IOException e) {
        String reason = "checkpoint " + checkpoint.checkpointId() + " could not be loaded, still serving " + servedId() + ": "
                + e.getMessage();
        LOG.error(reason);
        deadLetters.refuse(Topics.CHECKPOINTS, -1, -1, checkpoint.checkpointId(), EventJson.encode(checkpoint), reason);
    }

    private String servedId() {
        return server.served().map(CheckpointPublished::checkpointId).orElse("nothing");
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
