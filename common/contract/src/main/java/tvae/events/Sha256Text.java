package tvae.events;

/** The lower-case hex form of a sha256 digest, as every event carries it. */
final class Sha256Text {
    private Sha256Text() {
    }

    static String require(String value, String field) {
        if (!Require.present(value, field).matches("[0-9a-f]{64}")) {
            throw new InvalidEventException("field '" + field + "' must be 64 lower-case hex digits");
        }
        return value;
    }
}
