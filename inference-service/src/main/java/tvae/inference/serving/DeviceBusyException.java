package tvae.inference.serving;

/** The device could not take or finish a request in time; over HTTP a 503 with Retry-After, over Kafka an error result. */
public class DeviceBusyException extends RuntimeException {
    private final int retryAfterSeconds;

    public DeviceBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
