package tvae.inference.serving;

/** No checkpoint (or none of the pinned run) has been loaded yet: requests get this as a clear error, not a hang. */
public class NoModelException extends NotServedException {
    public NoModelException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
