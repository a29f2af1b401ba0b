package tvae.checkpoint;

import java.io.IOException;

/** A checkpoint that cannot be trusted: not a zip, truncated, a file missing or changed, or made for another format. */
public final class CorruptCheckpointException extends IOException {
    public CorruptCheckpointException(String message) {
        super(message);
    }

    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
