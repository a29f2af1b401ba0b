package tvae.events;

import java.time.Instant;
import java.util.Collection;

/** Field checks for event constructors; each failure names the field, so a dead-letter reason is actionable. */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (present(value, field).isBlank()) {
            throw new InvalidEventException("field '" + field + "' must not be blank");
        }
        return value;
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new InvalidEventException("field '" + field + "' must be > 0, was " + value);
        }
        return value;
    }

    /** At least 1 and at most {@code max}: every count a request sets has a ceiling. */
    public static long between1And(long value, long max, String field) {
        if (positive(value, field) > max) {
            throw new InvalidEventException("field '" + field + "' must be at most " + max + ", was " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidEventException("field '" + field + "' must be >= 0, was " + value);
        }
        return value;
    }

    public static double within(double value, double min, double max, String field) {
        if (!(value >= min && value <= max)) {
            throw new InvalidEventException("field '" + field + "' must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    public static <C extends Collection<?>> C nonEmpty(C value, String field) {
        if (present(value, field).isEmpty()) {
            throw new InvalidEventException("field '" + field + "' must not be empty");
        }
        return value;
    }

    /** The header every event shares: version, type and id must be right before anything else is read. */
    public static void header(int schemaVersion, String type, String expectedType, String eventId, Instant timestamp) {
        if (schemaVersion != Event.SCHEMA_VERSION) {
            throw new InvalidEventException("unsupported schemaVersion " + schemaVersion + ", expected " + Event.SCHEMA_VERSION);
        }
        if (!expectedType.equals(present(type, "type"))) {
            throw new InvalidEventException("field 'type' must be '" + expectedType + "', was '" + type + "'");
        }
        text(eventId, "eventId");
        present(timestamp, "timestamp");
    }
}
