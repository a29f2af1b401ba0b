package tvae.syntax;

/** A worker could not answer a request: it timed out, died, could not start, or broke the protocol. */
final class WorkerFailure extends Exception {
    WorkerFailure(String message) {
        super(message);
    }

    WorkerFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
