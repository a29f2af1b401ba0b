package tvae.inference.serving;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import tvae.events.CheckpointPublished;

/** What the serving side reads out of a checkpoint's manifest (signed and checked against the zip before it gets here). */
final class CheckpointFacts {
    private CheckpointFacts() {
    }

    /** The data set kind the checkpoint was trained on (written by the trainer), e.g. python-lines. */
    static String dataset(CheckpointPublished checkpoint) {
        return checkpoint.manifest().path("dataset").path("kind").asText("unknown");
    }

    static long signedStep(CheckpointPublished checkpoint) {
        return checkpoint.manifest().path("step").asLong(-1);
    }

    /** When the trainer wrote it, by the trainer's clock; the distant past when the manifest does not say. */
    static Instant createdAt(CheckpointPublished checkpoint) {
        try {
            return Instant.parse(checkpoint.manifest().path("createdAt").asText(""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
