package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import tvae.engine.Scalars;

/**
 * Backward passes of one step, every loss multiplied by the loss scale first (mixed precision: small fp16 gradients
 * would round to zero otherwise; the optimizer divides the scale out). Without mixed precision the scale is 1.
 */
final class ScaledBackward {
    private final GradientCollector collector;
    private final double lossScale;

    ScaledBackward(GradientCollector collector, double lossScale) {
        this.collector = collector;
        this.lossScale = lossScale;
    }

    /** weight · loss · scale: a term to add to what {@link #run} back-propagates. */
    NDArray scaled(NDArray loss, double weight) {
        return Scalars.times(loss, weight * lossScale);
    }

    /** Back-propagates weight · loss, scaled. */
    void loss(NDArray loss, double weight) {
        run(scaled(loss, weight));
    }

    /** Back-propagates a scalar that already carries the scale (a scaled loss, or sum(output · scaled upstream)). */
    void run(NDArray scaledScalar) {
        collector.backward(scaledScalar);
    }
}
