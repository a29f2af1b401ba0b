package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import tvae.engine.Autograd;
import tvae.engine.Precision;
import tvae.model.InterpolationCritic;
import tvae.model.TransformerVae;
import tvae.tokenize.TokenBatch;

/**
 * ACAI (Berthelot et al. 2018) on sequences: each code is mixed with its partner at a ratio α ∈ [0, ½), decoded
 * teacher-forced, and the model's {@link InterpolationCritic} reads the decoder's hidden states.
 * <ul>
 *   <li>The VAE is pushed towards mixes the critic scores 0, as it would a real code: {@code weight · mean(critic²)},
 *       into the decoder and, through the mix, the encoder.</li>
 *   <li>The critic learns to tell: {@code mean((critic(mix) − α)²) + mean(critic(real)²)}, on detached hidden
 *       states, so only its own parameters move; the VAE's term is wiped from them first.</li>
 * </ul>
 * Reported: {@code critic} (the critic's error) and {@code criticAdversary} (how much mix it still sees).
 */
final class CriticLoss implements ResearchLoss {
    /** ACAI's range: a mix is never more than half its partner, so the ratio it reports is unambiguous. */
    private static final double MAX_RATIO = 0.5;

    private final double weight;

    CriticLoss(double weight) {
        this.weight = weight;
    }

    @Override
    public Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch,
                           NDArray latents, Random random) {
        InterpolationCritic critic = model.critic();
        float[] ratios = LatentPairs.ratios(random, batch.size(), 0, MAX_RATIO);
        NDArray keep = batch.targetMask();
        NDArray mixedHidden = model.decodeHidden(ps, LatentPairs.mix(latents, ratios), batch.decoderInputs());
        NDArray seenMix = ratio(critic, ps, mixedHidden, keep).square().mean();
        backward.loss(seenMix, weight);
        for (Parameter parameter : critic.getParameters().values()) {
            Autograd.zeroGradient(parameter.getArray());
        }

        NDArray realHidden;
        try (Autograd.Restore off = Autograd.noGrad()) {
            realHidden = model.decodeHidden(ps, latents, batch.decoderInputs());
        }
        NDArray target = latents.getManager().create(ratios);
        NDArray criticError = ratio(critic, ps, mixedHidden.stopGradient(), keep).sub(target).square().mean()
                .add(ratio(critic, ps, realHidden, keep).square().mean());
        backward.loss(criticError, 1);

        Map<String, Double> values = new LinkedHashMap<>();
        values.put("critic", (double) criticError.getFloat());
        values.put("criticAdversary", (double) seenMix.getFloat());
        return new Result(values, weight * seenMix.getFloat());
    }

    /** The critic's answer in fp32, whatever the hidden states' type. */
    private static NDArray ratio(InterpolationCritic critic, ParameterStore ps, NDArray hidden, NDArray keep) {
        return Precision.widen(critic.forward(ps, hidden, keep));
    }
}
