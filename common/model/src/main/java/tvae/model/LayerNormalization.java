package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;

/** Standard LayerNorm over the last axis, with gain and bias (the encoder's pre-norm and the latent reconstruction). */
final class LayerNormalization extends ModelBlock {
    private final Parameter gain;
    private final Parameter bias;
    private final float epsilon;

    LayerNormalization(long width, double epsilon) {
        this.gain = parameter("gain", new ConstantInitializer(1), width);
        this.bias = parameter("bias", new ConstantInitializer(0), width);
        this.epsilon = (float) epsilon;
    }

    /** (..., D) -> (..., D) */
    NDArray forward(ParameterStore ps, NDArray x) {
        NDArray centred = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(epsilon).sqrt()).mul(ps.getValue(gain, x.getDevice(), false))
                .add(ps.getValue(bias, x.getDevice(), false));
    }
}
