package tvae.inference.serving;

import java.util.concurrent.atomic.AtomicInteger;
import tvae.decode.VaeModel;
import tvae.events.CheckpointPublished;

/**
 * A loaded checkpoint with a count of the requests using it. A request holds a lease from start to finish, so a
 * swap never pulls the model from under it; the model (and its native memory) is closed when it has been retired
 * and its last lease is returned.
 */
public final class ServedModel {
    private final CheckpointPublished checkpoint;
    private final VaeModel model;
    /** Leases held by requests, plus one held by the server while this model is the current one. */
    private final AtomicInteger holders = new AtomicInteger(1);

    ServedModel(CheckpointPublished checkpoint, VaeModel model) {
        this.checkpoint = checkpoint;
        this.model = model;
    }

    public CheckpointPublished checkpoint() {
        return checkpoint;
    }

    public String checkpointId() {
        return checkpoint.checkpointId();
    }

    public VaeModel model() {
        return model;
    }

    /** Takes a lease unless the model is already closing; false means: ask the server for the current model again. */
    boolean tryLease() {
        while (true) {
            int n = holders.get();
            if (n == 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a lease (a request's, or the server's on retirement); the last one out closes the model. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            model.close();
        }
    }
}
