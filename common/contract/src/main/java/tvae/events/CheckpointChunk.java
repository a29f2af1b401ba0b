package tvae.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One ordered slice of a checkpoint zip. Key: {@link #recordKey} (checkpoint id and index), so a compacted topic keeps
 * every chunk and a tombstone per key withdraws a checkpoint's chunks; the publisher still puts all chunks of one
 * checkpoint in one partition, in order. {@code data} travels as base64 in JSON; {@code sha256} is the whole file's
 * digest.
 */
public record CheckpointChunk(int schemaVersion, String type, String eventId, Instant timestamp,
                              String checkpointId, int index, int chunkCount, String sha256, byte[] data) implements Event {
    public static final String TYPE = "CheckpointChunk";
    private static final String KEY_SEPARATOR = "#chunk-";

    public CheckpointChunk {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(checkpointId, "checkpointId");
        Require.positive(chunkCount, "chunkCount");
        if (index < 0 || index >= chunkCount) {
            throw new InvalidEventException("field 'index' must be in [0, " + chunkCount + "), was " + index);
        }
        Sha256Text.require(sha256, "sha256");
        Require.present(data, "data");
    }

    /** The Kafka key of chunk {@code index} of a checkpoint. */
    public static String recordKey(String checkpointId, int index) {
        return checkpointId + KEY_SEPARATOR + index;
    }

    /** The checkpoint a chunk's record key names (a key of the form before per-chunk keys is the checkpoint id itself). */
    public static String checkpointIdOfKey(String key) {
        int at = key.lastIndexOf(KEY_SEPARATOR);
        if (at < 0 || at + KEY_SEPARATOR.length() == key.length()) {
            return key;
        }
        for (int i = at + KEY_SEPARATOR.length(); i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return key;
            }
        }
        return key.substring(0, at);
    }

    public static CheckpointChunk of(String checkpointId, int index, int chunkCount, String sha256, byte[] data) {
        return new CheckpointChunk(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                checkpointId, index, chunkCount, sha256, data);
    }
}
