package tvae.inference.checkpoints;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.inference.serving.CheckpointRetention;

/**
 * What the start-up replay reassembles, decided from the announcements alone (they are small; the chunks are the
 * checkpoints' bytes): the checkpoints the cache would keep ({@link CheckpointRetention}), so a long history of
 * superseded checkpoints is passed over instead of being written, hashed and verified only to be deleted. Its chunks
 * are read from the oldest kept announcement's time on, since an announcement is made before its chunks are sent.
 * A record this plan knows nothing about (one that does not decode, chunks of a checkpoint never announced) still
 * goes to the intake, which refuses it as before.
 */
final class ReplayPlan {
    private final Set<String> passedOver;
    private final int announced;
    private final int kept;
    private final Instant oldestKept;

    private ReplayPlan(Set<String> passedOver, int announced, int kept, Instant oldestKept) {
        this.passedOver = Set.copyOf(passedOver);
        this.announced = announced;
        this.kept = kept;
        this.oldestKept = oldestKept;
    }

    /** The plan for {@code announcements} (records of vae.checkpoints, in any order) under {@code retention}. */
    static ReplayPlan of(List<ConsumerRecord<String, byte[]>> announcements, CheckpointRetention retention) {
        Map<String, CheckpointPublished> decoded = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : announcements) {
            try {
                CheckpointPublished checkpoint = EventJson.decode(record.value(), CheckpointPublished.class);
                decoded.putIfAbsent(checkpoint.checkpointId(), checkpoint);
            } catch (InvalidEventException | IllegalArgumentException e) {
                // not the plan's business: the intake refuses it when the replay hands it over
            }
        }
        Set<String> passedOver = retention.surplus(List.copyOf(decoded.values()), checkpoint -> checkpoint, null).stream()
                .map(CheckpointPublished::checkpointId).collect(Collectors.toSet());
        Instant oldest = decoded.values().stream().filter(c -> !passedOver.contains(c.checkpointId()))
                .map(CheckpointPublished::timestamp).min(Instant::compareTo).orElse(null);
        return new ReplayPlan(passedOver, decoded.size(), decoded.size() - passedOver.size(), oldest);
    }

    /** Whether the replay hands this record (announcement or chunk, keyed by checkpoint id) to the intake. */
    boolean wanted(ConsumerRecord<String, ?> record) {
        return record.key() == null || !passedOver.contains(record.key());
    }

    /** From when on the chunks topic holds chunks of kept checkpoints; empty when nothing is kept. */
    Optional<Instant> chunksSince() {
        return Optional.ofNullable(oldestKept);
    }

    /** What the log and GET /model say about the replay. */
    ReplaySummary summary(long chunkRecordsSkipped, long chunkRecordsPassedOver) {
        return new ReplaySummary(announced, kept, chunkRecordsSkipped, chunkRecordsPassedOver);
    }
}
