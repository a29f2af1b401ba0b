package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import tvae.engine.Precision;
import tvae.engine.Scalars;
import tvae.model.TransformerVae;
import tvae.tokenize.TokenBatch;

/**
 * Smooth interpolation paths: each code is mixed with its partner at r and at r + Δr, both are decoded
 * teacher-forced, and the loss is the squared change of the token distributions per unit of ratio,
 * {@code Σ_v (p(r+Δr) − p(r))² / Δr²}, averaged over the target tokens. Small where the decoder's output drifts
 * gradually along the path rather than jumping.
 */
final class SmoothnessLoss implements ResearchLoss {
    static final double RATIO_STEP = 0.1;

    private final double weight;

    SmoothnessLoss(double weight) {
        this.weight = weight;
    }

    @Override
    public Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch,
                           NDArray latents, Random random) {
        float[] from = LatentPairs.ratios(random, batch.size(), 0, 1 - RATIO_STEP);
        float[] to = new float[from.length];
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i] + (float) RATIO_STEP;
        }
        NDArray before = distributions(model, ps, LatentPairs.mix(latents, from), batch);
        NDArray after = distributions(model, ps, LatentPairs.mix(latents, to), batch);
        NDArray change = after.sub(before).square().sum(new int[] {-1}).mul(batch.targetMask()).sum();
        NDArray loss = Scalars.dividedBy(change, batch.tokens() * RATIO_STEP * RATIO_STEP);
        backward.loss(loss, weight);
        double value = loss.getFloat();
        return new Result(Map.of("smoothness", value), weight * value);
    }

    private static NDArray distributions(TransformerVae model, ParameterStore ps, NDArray latents, TokenBatch batch) {
        return Precision.widen(model.decodeLogits(ps, latents, batch.decoderInputs())).softmax(-1);
    }
}
