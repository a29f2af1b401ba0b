package tvae.inference.serving;

/**
 * A request the served model does not answer, for a reason of the serving state, not of the request's form:
 * {@link NoModelException} (503 over HTTP), {@link CheckpointNotServedException} (409) or
 * {@link UnknownDirectionException} (404).
 */
public abstract class NotServedException extends RuntimeException {
    protected NotServedException(String message) {
        super(message);
    }

    /** The HTTP status that says why. */
    public abstract int httpStatus();
}
