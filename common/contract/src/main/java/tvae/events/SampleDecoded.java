package tvae.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One decoded sequence. Key: sampleId, which is deterministic for evaluation-suite samples (checkpoint, kind, pair,
 * ratio), so a replay is recognisably the same sample. {@code source} is the input for a reconstruction (to compare
 * against) and null otherwise; {@code inputA}/{@code inputB} are the interpolation ends, and {@code inputA} alone the
 * edited input of an {@link SampleKind#EDIT} sample, whose {@code edit} (null for every other kind) says what it was
 * asked to become. {@code decoding} is how the text was decoded (greedy when absent, as in events written before it
 * existed), so raw and syntax-guided outputs are counted apart.
 */
public record SampleDecoded(int schemaVersion, String type, String eventId, Instant timestamp,
                            String sampleId, String checkpointId, String runId, String dataset, SampleKind kind,
                            Double ratio, String pairId, String inputA, String inputB, String source,
                            String text, SampleEdit edit, DecodingStrategy decoding) implements Event {
    public static final String TYPE = "SampleDecoded";

    public SampleDecoded {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(sampleId, "sampleId");
        Require.text(checkpointId, "checkpointId");
        Require.text(runId, "runId");
        Require.text(dataset, "dataset");
        Require.present(kind, "kind");
        if (ratio != null) {
            Require.within(ratio, 0, 1, "ratio");
        }
        Require.present(text, "text");
        if ((kind == SampleKind.EDIT) != (edit != null)) {
            throw new InvalidEventException("field 'edit' belongs to EDIT samples, and every EDIT sample has one");
        }
        if (decoding == null) {
            decoding = DecodingStrategy.GREEDY;
        }
    }

    public static SampleDecoded of(String sampleId, String checkpointId, String runId, String dataset, SampleKind kind,
                                   Double ratio, String pairId, String inputA, String inputB, String source, String text) {
        return new SampleDecoded(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(), sampleId,
                checkpointId, runId, dataset, kind, ratio, pairId, inputA, inputB, source, text, null, DecodingStrategy.GREEDY);
    }

    /** The same sample, decoded as {@code strategy} says (null: greedy). */
    public SampleDecoded decodedBy(DecodingStrategy strategy) {
        return new SampleDecoded(schemaVersion, type, eventId, timestamp, sampleId, checkpointId, runId, dataset, kind, ratio,
                pairId, inputA, inputB, source, text, edit, strategy);
    }

    /** {@code input} moved as {@code edit} says, decoded to {@code text} by {@code decoding}. */
    public static SampleDecoded edit(String sampleId, String checkpointId, String runId, String dataset, String input,
                                     SampleEdit edit, DecodingStrategy decoding, String text) {
        return new SampleDecoded(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(), sampleId,
                checkpointId, runId, dataset, SampleKind.EDIT, null, null, input, null, null, text, edit, decoding);
    }
}
