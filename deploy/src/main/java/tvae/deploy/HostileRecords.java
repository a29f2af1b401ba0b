package tvae.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.Topics;

/**
 * Record values no consumer may accept, made from a valid event's JSON so they come close to passing: not JSON,
 * binary, empty, JSON that is no object, deep nesting, numbers too long to read, a header field of the wrong type, an
 * unknown field, another event type, and a few values over a megabyte. Deterministic for a seed, so a failing case
 * can be sent again. The hostile-input tests send thousands to every consumed topic and expect as many dead letters.
 */
public final class HostileRecords {
    private static final int KINDS = 12;
    private static final int OVERSIZED_BYTES = 1_100_000;

    private HostileRecords() {
    }

    /**
     * {@code count} hostile values; {@code validJson} must be one valid event whose JSON starts with
     * {@code {"schemaVersion":1,"type":"...","eventId":"...",...}} as EventJson writes it.
     */
    public static List<byte[]> of(String validJson, int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // the 1 MB values only now and then: they are what costs the broker, not what varies
            int kind = i % 97 == 96 ? KINDS : i % KINDS;
            values.add(value(kind, validJson, random).getBytes(StandardCharsets.ISO_8859_1));
        }
        return values;
    }

    /**
     * Sends {@code count} hostile values to the topic and waits until {@code consumer} has dead-lettered every one.
     * @return the dead letters, one per value
     */
    public static List<DeadLetter> sendAndAwaitDeadLetters(PlainKafkaClient kafka, String topic, String validJson,
                                                           int count, String consumer, Duration wait) {
        String prefix = "hostile-" + topic + "-" + System.nanoTime() + "-";
        List<byte[]> values = of(validJson, count, prefix.hashCode());
        for (int i = 0; i < count; i++) {
            kafka.send(topic, prefix + i, values.get(i));
        }
        return kafka.awaitAll(Topics.DEAD_LETTER, r -> r.key() != null && r.key().startsWith(prefix), count, wait).stream()
                .map(r -> EventJson.decode(r.value(), DeadLetter.class))
                .filter(letter -> letter.consumer().equals(consumer)).toList();
    }

    /** {@code bytes} random bytes: a value larger than any dead letter may carry whole. */
    public static byte[] oversized(int bytes, long seed) {
        byte[] junk = new byte[bytes];
        new Random(seed).nextBytes(junk);
        return junk;
    }

    /** Sends one value and waits for the dead letter {@code consumer} writes for it. */
    public static DeadLetter sendAndAwaitDeadLetter(PlainKafkaClient kafka, String topic, String key, byte[] value,
                                                    String consumer, Duration wait) {
        kafka.send(topic, key, value);
        return kafka.awaitDeadLetter(key, consumer, wait);
    }

    /** Latin-1 strings so that every char is one byte, random bytes included. */
    private static String value(int kind, String valid, Random random) {
        String eventId = "\"eventId\":\"";
        return switch (kind) {
            case 0 -> "{this is not json " + random.nextInt();
            case 1 -> binary(random, 1 + random.nextInt(2000));
            case 2 -> "";
            case 3 -> List.of("[]", "null", "42", "\"an event\"", "true").get(random.nextInt(5));
            case 4 -> "[".repeat(5000 + random.nextInt(50_000));
            case 5 -> "{\"x\":".repeat(3000) + "1" + "}".repeat(3000);
            case 6 -> valid.replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":1" + "0".repeat(2000 + random.nextInt(5000)));
            case 7 -> valid.replace(eventId, "\"eventId\":{\"nested\":[1,2,3]},\"x\":\"");
            case 8 -> valid.replaceFirst("\\{", "{\"unexpected\":" + random.nextInt() + ",");
            case 9 -> valid.replaceFirst("\"type\":\"[A-Za-z]+\"", "\"type\":\"Mystery" + random.nextInt(100) + "\"");
            case 10 -> valid.substring(0, random.nextInt(valid.length()));
            case 11 -> valid.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":" + Long.MAX_VALUE + "9999");
            default -> "{\"junk\":\"" + "x".repeat(OVERSIZED_BYTES) + "\"}";
        };
    }

    private static String binary(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF; // never valid UTF-8, so never JSON
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
