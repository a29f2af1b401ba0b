package tvae.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few autograd controls DJL's API lacks, taken from its PyTorch engine: switching recording off for a stretch
 * of code (PyTorch's thread-local grad mode, so other threads are unaffected) and making a detached leaf.
 */
public final class Autograd {
    private Autograd() {
    }

    /** Recording off until closed, then back to what it was (nests). */
    public static Restore noGrad() {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return () -> JniUtils.setGradMode(was);
    }

    /** Restores the previous grad mode; closing cannot fail. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /** A new leaf sharing {@code x}'s values, cut from its graph, that collects its own gradient. */
    public static NDArray leaf(NDArray x) {
        NDArray leaf = x.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /** Sets a parameter's accumulated gradient to zero (PyTorch accumulates across backward calls). */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
