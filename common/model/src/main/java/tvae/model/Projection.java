package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;

/** A dense layer {@code x·W (+ b)} over the last axis, initialised N(0, 1/in) so activations keep their scale. */
final class Projection extends ModelBlock {
    private final Parameter weight;
    private final Parameter bias;

    Projection(long in, long out, boolean withBias) {
        weight = parameter("weight", new NormalInitializer((float) Math.sqrt(1.0 / in)), in, out);
        bias = withBias ? parameter("bias", new ConstantInitializer(0), out) : null;
    }

    /** (..., in) -> (..., out) */
    NDArray forward(ParameterStore ps, NDArray x) {
        NDArray y = x.matMul(ps.getValue(weight, x.getDevice(), false));
        return bias == null ? y : y.add(ps.getValue(bias, x.getDevice(), false));
    }
}
