package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import tvae.engine.Precision;
import tvae.engine.Scalars;
import tvae.tokenize.TokenBatch;

/**
 * The Transformer-VAE's loss as the paper writes it:
 * <pre>
 *   loss = CE(logits, targets) + ramp(step) · weight · MMD²(latent tokens, N(0, I))
 *   ramp(step) = sigmoid((step − midpoint) / steps)      (the seed's: midpoint 2 500, steps 400)
 * </pre>
 * Every latent token of every item is one sample for the MMD. The research losses switched on add their own terms
 * ({@link ResearchLoss}); {@link VaeObjective} runs the backward pass, loss scaling and recomputation around this.
 */
final class VaeLoss {
    private final MmdLoss mmd;

    VaeLoss(MmdLoss mmd) {
        this.mmd = mmd;
    }

    /** The MMD term's weight at {@code step}: the run's weight times the ramp, so the regulariser fades in. */
    static double mmdWeight(LossOptions loss, long step) {
        double ramp = 1 / (1 + Math.exp(-(step - loss.mmdRampMidpoint()) / loss.mmdRampSteps()));
        return loss.mmdWeight() * ramp;
    }

    /** latents (B, L, d_latent), prior draws (B·L, d_latent) -> scalar MMD² (in fp32 under mixed precision too) */
    NDArray mmd(NDArray latents, NDArray prior) {
        return mmd.forward(Precision.widen(latents.reshape(-1, latents.getShape().get(2))), prior);
    }

    /** Masked cross-entropy of logits (B, T, V) against the batch's targets, per target token, and the hits. */
    static Reconstruction reconstruction(NDArray logits, TokenBatch batch) {
        NDArray logProbabilities = Precision.widen(logits).logSoftmax(-1);       // fp32 under mixed precision too
        NDArray picked = logProbabilities.gather(batch.targets().expandDims(-1), -1).squeeze(-1);   // (B, T)
        NDArray mask = batch.targetMask();
        NDArray loss = Scalars.dividedBy(picked.mul(mask).sum().neg(), batch.tokens());
        NDArray hits = logits.argMax(-1).eq(batch.targets()).toType(DataType.FLOAT32, false).mul(mask).sum();
        return new Reconstruction(loss, hits, batch.tokens());
    }

    /** The reconstruction term and the teacher-forced accuracy that comes with it. */
    static final class Reconstruction {
        private final NDArray loss;
        private final NDArray correct;
        private final long tokens;

        private Reconstruction(NDArray loss, NDArray correct, long tokens) {
            this.loss = loss;
            this.correct = correct;
            this.tokens = tokens;
        }

        NDArray loss() {
            return loss;
        }

        double accuracy() {
            return correct.getFloat() / tokens;
        }

        double correctTokens() {
            return correct.getFloat();
        }
    }
}
