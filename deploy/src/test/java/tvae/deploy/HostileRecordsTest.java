package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.ModelSpec;
import tvae.events.TrainingRequested;

/** The generator is only useful if nothing it makes is a valid event, and if it makes the oversized ones it promises. */
class HostileRecordsTest {
    @Test
    void noHostileValueDecodesAndSomeAreOverAMegabyte() {
        String valid = EventJson.encodeToString(TrainingRequested.of("r", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5));
        EventJson.decode(valid, TrainingRequested.class); // the template itself is fine

        List<byte[]> values = HostileRecords.of(valid, 500, 1);

        assertEquals(500, values.size());
        for (byte[] value : values) {
            assertThrows(InvalidEventException.class, () -> EventJson.decode(value, TrainingRequested.class),
                    () -> new String(value, 0, Math.min(200, value.length), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertTrue(values.stream().filter(v -> v.length > 1_000_000).count() >= 5, "a few values over a megabyte");
    }
}
