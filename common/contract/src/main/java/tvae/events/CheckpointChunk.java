package tvae.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One ordered slice of a checkpoint zip. Key: checkpointId (so all chunks of one checkpoint share a partition and
 * arrive in order). {@code data} travels as base64 in JSON; {@code sha256} is the whole file's digest.
 */
public record CheckpointChunk(int schemaVersion, String type, String eventId, Instant timestamp,
                              String checkpointId, int index, int chunkCount, String sha256, byte[] data) implements Event {
    public static final String TYPE = "CheckpointChunk";

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

    public static CheckpointChunk of(String checkpointId, int index, int chunkCount, String sha256, byte[] data) {
        return new CheckpointChunk(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                checkpointId, index, chunkCount, sha256, data);
    }
}
