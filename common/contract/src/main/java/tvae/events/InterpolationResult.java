package tvae.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer to an {@link InterpolationRequested}. Key: requestId. Either points or an error, never both. */
public record InterpolationResult(int schemaVersion, String type, String eventId, Instant timestamp,
                                  String requestId, String checkpointId, List<InterpolationPoint> points,
                                  String error) implements Event {
    public static final String TYPE = "InterpolationResult";

    public InterpolationResult {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(requestId, "requestId");
        points = points == null ? List.of() : List.copyOf(points);
        if (error == null) {
            Require.text(checkpointId, "checkpointId");
        }
    }

    public static InterpolationResult ok(String requestId, String checkpointId, List<InterpolationPoint> points) {
        return new InterpolationResult(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                requestId, checkpointId, points, null);
    }

    public static InterpolationResult failed(String requestId, String checkpointId, String error) {
        return new InterpolationResult(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                requestId, checkpointId, List.of(), Require.text(error, "error"));
    }
}
