package tvae.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every inference-service replica serves: the newest checkpoint ({@code runId} null) or the newest of one pinned
 * run. Key: {@link #KEY}, one selection for the whole fleet, on a compacted topic, so the last one is all a replica
 * reads when it starts.
 */
public record ModelSelected(int schemaVersion, String type, String eventId, Instant timestamp, String runId) implements Event {
    public static final String TYPE = "ModelSelected";
    public static final String KEY = "serving";
    /** Longer than any run id the trainer makes; a longer one is not a run. */
    public static final int MAX_RUN_ID_CHARS = 200;

    public ModelSelected {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        if (runId != null && (runId.isBlank() || runId.length() > MAX_RUN_ID_CHARS)) {
            throw new InvalidEventException("field 'runId' must be null (the latest) or 1.." + MAX_RUN_ID_CHARS + " characters");
        }
    }

    public static ModelSelected of(String runId) {
        return new ModelSelected(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(), runId);
    }
}
