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
 * Bag of words (Zhao, Zhao and Eskenazi 2017): the codes alone, without the decoder's view of earlier tokens, must say
 * which tokens the item holds, in any order. The mean of the item's decoder memory (its latent codes projected back to
 * d_model) goes through the tied output layer to one distribution over the vocabulary, and every target token's
 * log-probability under it is maximised. An autoregressive decoder can rebuild a line from its first few tokens, so
 * nothing else asks the codes to carry what the line is about; this asks it with no new parameters.
 */
final class BagOfWordsLoss implements ResearchLoss {
    private final double weight;

    BagOfWordsLoss(double weight) {
        this.weight = weight;
    }

    @Override
    public Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch,
                           NDArray latents, Random random) {
        NDArray summary = model.memory(ps, latents).mean(new int[] {1});                              // (B, D)
        NDArray logProbabilities = Precision.widen(model.logits(ps, summary)).logSoftmax(-1);         // (B, V)
        NDArray picked = logProbabilities.gather(batch.targets(), 1);                                 // (B, T)
        NDArray loss = Scalars.dividedBy(picked.mul(batch.targetMask()).sum().neg(), batch.tokens());
        backward.loss(loss, weight);
        double value = loss.getFloat();
        return new Result(Map.of("bagOfWords", value), weight * value);
    }
}
