package tvae.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import tvae.transfer.Sha256;

/**
 * A record some consumer refused. Key: the original key. Carries the original bytes (base64 in JSON) and where they
 * came from, so they can be inspected and replayed. A value over {@link #MAX_VALUE_BYTES} is cut to that many bytes
 * ({@code truncated}), so the letter always fits the broker however large the refused record was; {@code valueBytes}
 * and {@code valueSha256} still describe the whole original.
 */
public record DeadLetter(int schemaVersion, String type, String eventId, Instant timestamp,
                         String topic, int partition, long offset, String key, byte[] value,
                         long valueBytes, String valueSha256, boolean truncated,
                         String consumer, String reason) implements Event {
    public static final String TYPE = "DeadLetter";
    /** 256 KiB: as base64 in JSON a letter stays far below the producers' 1 MiB request limit. */
    public static final int MAX_VALUE_BYTES = 256 * 1024;
    /** Keys and reasons are cut too: a refused record's key can be as large as its value. */
    public static final int MAX_KEY_CHARS = 1024;
    public static final int MAX_REASON_CHARS = 4096;

    public DeadLetter {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(topic, "topic");
        Require.text(consumer, "consumer");
        Require.text(reason, "reason");
        value = value == null ? new byte[0] : value;
    }

    public static DeadLetter of(String topic, int partition, long offset, String key, byte[] value,
                                String consumer, String reason) {
        byte[] original = value == null ? new byte[0] : value;
        boolean truncated = original.length > MAX_VALUE_BYTES;
        return new DeadLetter(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                cut(topic, MAX_KEY_CHARS), partition, offset, cut(key, MAX_KEY_CHARS),
                truncated ? Arrays.copyOf(original, MAX_VALUE_BYTES) : original, original.length, Sha256.of(original),
                truncated, cut(consumer, MAX_KEY_CHARS), cut(reason, MAX_REASON_CHARS));
    }

    private static String cut(String text, int maxChars) {
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }
}
