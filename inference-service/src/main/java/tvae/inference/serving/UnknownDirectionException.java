package tvae.inference.serving;

/** An edit asked for a direction the served checkpoint has not learnt (POST /directions first): 404. */
public class UnknownDirectionException extends NotServedException {
    public UnknownDirectionException(String name, String checkpointId) {
        super("direction '" + name + "' is not known for checkpoint " + checkpointId + "; learn it with POST /directions");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
