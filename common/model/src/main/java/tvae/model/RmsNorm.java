package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;

/** T5's LayerNorm: scale only, no mean subtraction and no bias: {@code x / rms(x) · g}. */
final class RmsNorm extends ModelBlock {
    private final Parameter gain;
    private final float epsilon;

    RmsNorm(long width, double epsilon) {
        this.gain = parameter("gain", new ConstantInitializer(1), width);
        this.epsilon = (float) epsilon;
    }

    /** (..., D) -> (..., D) */
    NDArray forward(ParameterStore ps, NDArray x) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(epsilon).sqrt()).mul(ps.getValue(gain, x.getDevice(), false));
    }
}
