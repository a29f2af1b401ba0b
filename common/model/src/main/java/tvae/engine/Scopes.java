package tvae.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Frees intermediate arrays early. DJL frees a native tensor only when its Java handle is closed, so every
 * intermediate of a step lives until the step's scope ends, even ones no graph needs any more: gradient
 * checkpointing would save nothing. Running a piece of work here closes everything it made but its result.
 */
public final class Scopes {
    private Scopes() {
    }

    /** Runs {@code work} in a scope of its own; its result moves to the enclosing scope, all else is closed. */
    public static NDArray keepOnly(Supplier<NDArray> work) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = work.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /** Runs {@code work} in a scope of its own and closes every array it made. */
    public static <T> T keepNone(Supplier<T> work) {
        try (NDScope scope = new NDScope()) {
            return work.get();
        }
    }
}
