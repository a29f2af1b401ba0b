package tvae.inference.checkpoints;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.Topics;
import tvae.inference.serving.CheckpointRetention;

/**
 * What the start-up replay reassembles, decided from the announcements alone (they are small; the chunks are the
 * checkpoints' bytes): the checkpoints the cache would keep ({@link CheckpointRetention}), so a long history of
 * superseded checkpoints is passed over instead of being written, hashed and verified only to be deleted. Its chunks
 * are read from the oldest kept announcement's time on, since an announcement is made before its chunks are sent; a
 * kept checkpoint whose verified file is still in the local cache is not read at all ({@link #withComplete}).
 * A checkpoint the trainer withdrew (a tombstone on vae.checkpoints) is passed over like a superseded one. A record
 * this plan knows nothing about (one that does not decode, chunks of a checkpoint never announced) still goes to the
 * intake, which refuses it as before.
 */
final class ReplayPlan {
    private final Set<String> passedOver;
    private final int announced;
    /** The kept checkpoints still to be reassembled from their chunks, by id. */
    private final Map<String, CheckpointPublished> toAssemble;
    private final int reused;

    private ReplayPlan(Set<String> passedOver, int announced, Map<String, CheckpointPublished> toAssemble, int reused) {
        this.passedOver = Set.copyOf(passedOver);
        this.announced = announced;
        this.toAssemble = Collections.unmodifiableMap(new LinkedHashMap<>(toAssemble));
        this.reused = reused;
    }

    /** The plan for {@code announcements} (records of vae.checkpoints, in any order) under {@code retention}. */
    static ReplayPlan of(List<ConsumerRecord<String, byte[]>> announcements, CheckpointRetention retention) {
        Map<String, CheckpointPublished> decoded = new LinkedHashMap<>();
        Set<String> withdrawn = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : announcements) {
            if (record.value() == null && record.key() != null) {
                withdrawn.add(record.key()); // a tombstone: the trainer withdrew it, compaction will delete its bytes
                continue;
            }
            try {
                CheckpointPublished checkpoint = EventJson.decode(record.value(), CheckpointPublished.class);
                decoded.putIfAbsent(checkpoint.checkpointId(), checkpoint);
            } catch (InvalidEventException | IllegalArgumentException e) {
                // not the plan's business: the intake refuses it when the replay hands it over
            }
        }
        Set<String> passedOver = new HashSet<>(withdrawn);
        decoded.keySet().removeAll(withdrawn);
        retention.surplus(List.copyOf(decoded.values()), checkpoint -> checkpoint, null).stream()
                .map(CheckpointPublished::checkpointId).forEach(passedOver::add);
        Map<String, CheckpointPublished> kept = new LinkedHashMap<>(decoded);
        kept.keySet().removeAll(passedOver);
        return new ReplayPlan(passedOver, decoded.size() + withdrawn.size(), kept, 0);
    }

    /** The kept checkpoints, in the order they were announced. */
    List<CheckpointPublished> kept() {
        return List.copyOf(toAssemble.values());
    }

    /** The same plan once {@code ids} are complete already (verified files on local disk): their records are passed over. */
    ReplayPlan withComplete(Set<String> ids) {
        Set<String> over = new HashSet<>(passedOver);
        over.addAll(ids);
        Map<String, CheckpointPublished> rest = new LinkedHashMap<>(toAssemble);
        rest.keySet().removeAll(ids);
        return new ReplayPlan(over, announced, rest, reused + (toAssemble.size() - rest.size()));
    }

    /** Whether the replay hands this record (an announcement keyed by checkpoint id, or a chunk) to the intake. */
    boolean wanted(ConsumerRecord<String, ?> record) {
        return record.key() == null || !passedOver.contains(record.topic().equals(Topics.CHECKPOINT_CHUNKS)
                ? CheckpointChunk.checkpointIdOfKey(record.key()) : record.key());
    }

    /** From when on the chunks topic holds chunks still to be reassembled; empty when there are none. */
    Optional<Instant> chunksSince() {
        return toAssemble.values().stream().map(CheckpointPublished::timestamp).min(Instant::compareTo);
    }

    /** What the log and GET /model say about the replay. */
    ReplaySummary summary(long chunkRecordsSkipped, long chunkRecordsPassedOver) {
        return new ReplaySummary(announced, toAssemble.size() + reused, reused, chunkRecordsSkipped, chunkRecordsPassedOver);
    }
}
