package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.model.TransformerVae;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;

/**
 * One of the research losses (design §2's critic, cycle, smoothness, bag of words, and the guided mix; each off unless its weight in {@link LossOptions} is above 0).
 * Each runs its own forward and backward pass from a leaf copy of the step's latent codes, so it needs no change to
 * the main objective: its parameter gradients add up in place, and the gradient it leaves on the leaf is carried
 * into the encoder by the main backward pass.
 */
interface ResearchLoss extends AutoCloseable {
    /**
     * Back-propagates this loss (weighted) for one batch.
     * @param latents a leaf (B, L, d_latent) that collects the gradient meant for the encoder
     * @param random  this step's draws (mixing ratios), from the run's seed and step so a resumed run draws the same
     */
    Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch, NDArray latents,
                    Random random);

    /**
     * @param values       the named values to report (unweighted)
     * @param weightedLoss what this loss adds to the VAE's total loss
     */
    record Result(Map<String, Double> values, double weightedLoss) {
    }

    /** Whether the loss is on for the step after {@code stepsDone} steps; most are on from the first. */
    default boolean isOnAfter(long stepsDone) {
        return true;
    }

    /** Stops what the loss started (a worker process); most start nothing. */
    @Override
    default void close() {
    }

    /**
     * The research losses the options switch on, in a fixed order.
     * @param tokenizer and {@code maxLength}: the run's, for the guided mixes' targets
     */
    static List<ResearchLoss> switchedOn(LossOptions loss, Tokenizer tokenizer, int maxLength) {
        List<ResearchLoss> losses = new ArrayList<>();
        if (loss.criticWeight() > 0) {
            losses.add(new CriticLoss(loss.criticWeight()));
        }
        if (loss.cycleWeight() > 0) {
            losses.add(new CycleLoss(loss.cycleWeight()));
        }
        if (loss.smoothnessWeight() > 0) {
            losses.add(new SmoothnessLoss(loss.smoothnessWeight()));
        }
        if (loss.bagOfWordsWeight() > 0) {
            losses.add(new BagOfWordsLoss(loss.bagOfWordsWeight()));
        }
        if (loss.guidedMixWeight() > 0) {
            losses.add(new GuidedMixLoss(loss.guidedMixWeight(), loss.guidedMixStart(), tokenizer, maxLength));
        }
        return losses;
    }
}
