package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import tvae.engine.Precision;
import tvae.model.TransformerVae;
import tvae.tokenize.TokenBatch;

/**
 * Cycle consistency, z ≈ Enc(Dec(z)): the teacher-forced decoding of each code, as soft token distributions, is
 * embedded (expected embeddings, so the loop stays differentiable) and encoded again; the loss is
 * {@code 1 − cos(z, z')} averaged over every latent token. The original code is the fixed target: the decoder learns
 * to say what the encoder can read back, and the encoder to read it.
 */
final class CycleLoss implements ResearchLoss {
    private static final float NORM_EPSILON = 1e-8f;   // keeps the norm's gradient finite at 0

    private final double weight;

    CycleLoss(double weight) {
        this.weight = weight;
    }

    @Override
    public Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch,
                           NDArray latents, Random random) {
        NDArray distributions = model.decodeLogits(ps, latents, batch.decoderInputs()).softmax(-1);   // in the weights' type
        NDArray again = Precision.widen(model.encodeEmbedded(ps, model.softEmbed(ps, distributions), batch.keep()));
        NDArray target = Precision.widen(latents.stopGradient());
        NDArray cosine = again.mul(target).sum(new int[] {-1}).div(norm(again).mul(norm(target)));   // (B, L)
        NDArray loss = cosine.mean().neg().add(1f);
        backward.loss(loss, weight);
        double value = loss.getFloat();
        return new Result(Map.of("cycle", value), weight * value);
    }

    private static NDArray norm(NDArray x) {
        return x.square().sum(new int[] {-1}).add(NORM_EPSILON).sqrt();
    }
}
