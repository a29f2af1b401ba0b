package tvae.inference.serving;

/** A request named a checkpoint other than the one served: it is not run (409 over HTTP, an error result on Kafka). */
public class CheckpointNotServedException extends NotServedException {
    private final String served;

    public CheckpointNotServedException(String asked, String served) {
        super("checkpoint '" + asked + "' is not the one served (" + served + "); select it first");
        this.served = served;
    }

    /** The checkpoint that is served instead. */
    public String served() {
        return served;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
