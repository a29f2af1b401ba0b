package tvae.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A record some consumer refused. Key: the original key. Carries the original bytes untouched (base64 in JSON) so
 * nothing is lost, and where they came from, so they can be inspected and replayed.
 */
public record DeadLetter(int schemaVersion, String type, String eventId, Instant timestamp,
                         String topic, int partition, long offset, String key, byte[] value,
                         String consumer, String reason) implements Event {
    public static final String TYPE = "DeadLetter";

    public DeadLetter {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(topic, "topic");
        Require.text(consumer, "consumer");
        Require.text(reason, "reason");
        value = value == null ? new byte[0] : value;
    }

    public static DeadLetter of(String topic, int partition, long offset, String key, byte[] value,
                                String consumer, String reason) {
        return new DeadLetter(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                topic, partition, offset, key, value, consumer, reason);
    }
}
