package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import tvae.model.Autograd;
import tvae.model.MmdLoss;
import tvae.model.Scalars;
import tvae.model.T5Decoder;
import tvae.model.TokenBatch;
import tvae.model.TransformerVae;

/**
 * The training loss, cross-entropy of the reconstruction + weight · MMD(latents, N(0, I)), and its backward pass,
 * either through one recorded graph or with each decoder layer recomputed (gradient checkpointing):
 * <ol>
 *   <li>record the stem (encoder, latents, MMD, memory, decoder embedding);</li>
 *   <li>run the decoder layers without recording, keeping only each layer's input;</li>
 *   <li>record the head from a leaf copy of the last layer's output and back-propagate the loss into it;</li>
 *   <li>for each layer from the top: recompute it with recording from a leaf copy of its input and back-propagate
 *       {@code sum(output · upstream)}, which yields its parameter gradients and the upstream for the layer below
 *       (the memory leaf collects the cross-attention gradients of every layer);</li>
 *   <li>back-propagate into the stem from the embedding and memory gradients, plus the MMD term.</li>
 * </ol>
 */
final class VaeObjective {
    private final MmdLoss mmd;

    VaeObjective(MmdLoss mmd) {
        this.mmd = mmd;
    }

    /** The values of one step's loss terms. */
    record Terms(double loss, double reconstruction, double mmd, double tokenAccuracy) {
    }

    Terms forwardBackward(GradientCollector collector, TransformerVae model, ParameterStore ps, TokenBatch batch, NDArray prior,
                          double mmdWeight, boolean recompute) {
        NDArray latents = model.encode(ps, batch.encoderIds(), batch.keep());                // (B, L, d_latent)
        NDArray mmdLoss = mmd.forward(latents.reshape(-1, latents.getShape().get(2)), prior);
        NDArray memory = model.memory(ps, latents);                                          // (B, L, D)
        NDArray embedded = model.embed(ps, batch.decoderInputs());                           // (B, T, D)
        NDArray weightedMmd = Scalars.times(mmdLoss, mmdWeight);
        Reconstruction reconstruction;
        if (!recompute) {
            NDArray logits = model.logits(ps, model.decoder().forward(ps, embedded, memory));
            reconstruction = Reconstruction.of(logits, batch);
            collector.backward(reconstruction.loss().add(weightedMmd));
        } else {
            reconstruction = recomputedBackward(collector, model, ps, batch, embedded, memory);
            collector.backward(embedded.mul(reconstruction.embeddedGradient).sum()
                    .add(memory.mul(reconstruction.memoryGradient).sum()).add(weightedMmd));
        }
        double rec = reconstruction.loss().getFloat();
        double m = mmdLoss.getFloat();
        return new Terms(rec + mmdWeight * m, rec, m, reconstruction.accuracy());
    }

    private static Reconstruction recomputedBackward(GradientCollector collector, TransformerVae model, ParameterStore ps,
                                                     TokenBatch batch, NDArray embedded, NDArray memory) {
        T5Decoder decoder = model.decoder();
        NDArray memoryLeaf = Autograd.leaf(memory);
        List<NDArray> layerInputs = new ArrayList<>();
        NDArray x = embedded.stopGradient();
        try (Autograd.Restore off = Autograd.noGrad()) {
            for (int i = 0; i < decoder.layerCount(); i++) {
                layerInputs.add(x);
                x = decoder.layer(i, ps, x, memoryLeaf);
            }
        }
        NDArray top = Autograd.leaf(x);
        Reconstruction head = Reconstruction.of(model.logits(ps, decoder.finish(ps, top)), batch);
        collector.backward(head.loss());
        NDArray upstream = top.getGradient();
        for (int i = decoder.layerCount() - 1; i >= 0; i--) {
            NDArray input = Autograd.leaf(layerInputs.get(i));
            NDArray output = decoder.layer(i, ps, input, memoryLeaf);
            collector.backward(output.mul(upstream).sum());
            upstream = input.getGradient();
        }
        head.embeddedGradient = upstream;
        head.memoryGradient = memoryLeaf.getGradient();
        return head;
    }

    /** Masked cross-entropy and teacher-forced accuracy of logits against the batch's targets. */
    static final class Reconstruction {
        private final NDArray loss;
        private final NDArray correct;
        private final long tokens;
        NDArray embeddedGradient;
        NDArray memoryGradient;

        private Reconstruction(NDArray loss, NDArray correct, long tokens) {
            this.loss = loss;
            this.correct = correct;
            this.tokens = tokens;
        }

        /** logits (B, T, V) */
        static Reconstruction of(NDArray logits, TokenBatch batch) {
            NDArray logProbabilities = logits.logSoftmax(-1);
            NDArray picked = logProbabilities.gather(batch.targets().expandDims(-1), -1).squeeze(-1);   // (B, T)
            NDArray mask = batch.targetMask();
            NDArray loss = Scalars.dividedBy(picked.mul(mask).sum().neg(), batch.tokens());
            NDArray hits = logits.argMax(-1).eq(batch.targets()).toType(DataType.FLOAT32, false).mul(mask).sum();
            return new Reconstruction(loss, hits, batch.tokens());
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
