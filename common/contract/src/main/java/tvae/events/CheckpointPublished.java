package tvae.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A checkpoint is complete on {@link Topics#CHECKPOINT_CHUNKS}. Key: checkpointId. Published after (in the same
 * transaction as) its chunks, so a consumer that sees this event can assemble all {@code chunkCount} chunks.
 * {@code sha256} and {@code sizeBytes} describe the whole zip; {@code manifest} is its manifest.json; {@code trainer}
 * names the trainer of the pool that made it (null from a publisher that does not say).
 */
public record CheckpointPublished(int schemaVersion, String type, String eventId, Instant timestamp,
                                  String checkpointId, String runId, long step, JsonNode manifest,
                                  int chunkCount, long sizeBytes, String sha256, String trainer) implements Event {
    public static final String TYPE = "CheckpointPublished";

    public CheckpointPublished {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(checkpointId, "checkpointId");
        Require.text(runId, "runId");
        Require.nonNegative(step, "step");
        Require.present(manifest, "manifest");
        Require.positive(chunkCount, "chunkCount");
        Require.positive(sizeBytes, "sizeBytes");
        Sha256Text.require(sha256, "sha256");
    }

    public static CheckpointPublished of(String checkpointId, String runId, long step, JsonNode manifest,
                                         int chunkCount, long sizeBytes, String sha256) {
        return new CheckpointPublished(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                checkpointId, runId, step, manifest, chunkCount, sizeBytes, sha256, null);
    }

    /** The same announcement naming the trainer that made the checkpoint ({@code tvae.trainer.id}). */
    public CheckpointPublished withTrainer(String trainerId) {
        return new CheckpointPublished(schemaVersion, type, eventId, timestamp, checkpointId, runId, step, manifest,
                chunkCount, sizeBytes, sha256, trainerId);
    }
}
