package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.model.Autograd;
import tvae.model.MmdLoss;
import tvae.model.Precision;
import tvae.model.Scalars;
import tvae.model.Scopes;
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
 * The research losses switched on ({@link ResearchLoss}) run first, each from a leaf copy of the latent codes; the
 * gradient they leave there enters the stem's backward pass as {@code sum(latents · gradient)}.
 */
final class VaeObjective {
    private final MmdLoss mmd;
    private final List<ResearchLoss> researchLosses;

    VaeObjective(MmdLoss mmd, List<ResearchLoss> researchLosses) {
        this.mmd = mmd;
        this.researchLosses = List.copyOf(researchLosses);
    }

    /** The values of one step's loss terms; {@code research} holds those of the research losses switched on. */
    record Terms(double loss, double reconstruction, double mmd, double tokenAccuracy, Map<String, Double> research) {
    }

    /**
     * @param backward    runs the backward passes, each loss times the loss scale (1 without mixed precision)
     * @param latentNoise added to the latent codes the decoder reads, (B, L, d_latent); null for none
     * @param random      the step's draws for the research losses (unused when none is on)
     */
    Terms forwardBackward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch, NDArray prior,
                          NDArray latentNoise, double mmdWeight, boolean recompute, Random random) {
        NDArray latents = model.encode(ps, batch.encoderIds(), batch.keep());                // (B, L, d_latent)
        Map<String, Double> research = new LinkedHashMap<>();
        double researchLoss = 0;
        NDArray mmdLoss = mmd.forward(Precision.widen(latents.reshape(-1, latents.getShape().get(2))), prior);
        NDArray stemExtras = backward.scaled(mmdLoss, mmdWeight);                          // what enters at the latents
        if (!researchLosses.isEmpty()) {
            NDArray leaf = Autograd.leaf(latents);
            for (ResearchLoss loss : researchLosses) {
                ResearchLoss.Result result = Scopes.keepNone(() -> loss.backward(backward, model, ps, batch, leaf, random));
                research.putAll(result.values());
                researchLoss += result.weightedLoss();
            }
            stemExtras = stemExtras.add(latents.mul(leaf.getGradient()).sum());
        }
        NDArray read = latentNoise == null ? latents : latents.add(latentNoise.toType(latents.getDataType(), false));
        NDArray memory = model.memory(ps, read);                                             // (B, L, D)
        NDArray embedded = model.embed(ps, batch.decoderInputs());                           // (B, T, D)
        Reconstruction reconstruction;
        if (!recompute) {
            NDArray logits = model.logits(ps, model.decoder().forward(ps, embedded, memory));
            reconstruction = Reconstruction.of(logits, batch);
            backward.run(backward.scaled(reconstruction.loss(), 1).add(stemExtras));
        } else {
            reconstruction = recomputedBackward(backward, model, ps, batch, embedded, memory);
            backward.run(embedded.mul(reconstruction.embeddedGradient).sum()
                    .add(memory.mul(reconstruction.memoryGradient).sum()).add(stemExtras));
        }
        double rec = reconstruction.loss().getFloat();
        double m = mmdLoss.getFloat();
        return new Terms(rec + mmdWeight * m + researchLoss, rec, m, reconstruction.accuracy(), research);
    }

    private static Reconstruction recomputedBackward(ScaledBackward backward, TransformerVae model, ParameterStore ps,
                                                     TokenBatch batch, NDArray embedded, NDArray memory) {
        T5Decoder decoder = model.decoder();
        NDArray memoryLeaf = Autograd.leaf(memory);
        List<NDArray> layerInputs = new ArrayList<>();
        NDArray x = embedded.stopGradient();
        try (Autograd.Restore off = Autograd.noGrad()) {
            for (int i = 0; i < decoder.layerCount(); i++) {
                layerInputs.add(x);
                NDArray input = x;
                int layer = i;
                x = Scopes.keepOnly(() -> decoder.layer(layer, ps, input, memoryLeaf));   // only each layer's output stays
            }
        }
        NDArray top = Autograd.leaf(x);
        Reconstruction head = Reconstruction.of(model.logits(ps, decoder.finish(ps, top)), batch);
        backward.loss(head.loss(), 1);
        NDArray upstream = top.getGradient();
        for (int i = decoder.layerCount() - 1; i >= 0; i--) {
            NDArray layerOutputGradient = upstream;
            int layer = i;
            upstream = Scopes.keepOnly(() -> {            // the recomputed activations go as soon as they are used
                NDArray input = Autograd.leaf(layerInputs.get(layer));
                NDArray output = decoder.layer(layer, ps, input, memoryLeaf);
                backward.run(output.mul(layerOutputGradient).sum());
                return input.getGradient();
            });
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
            NDArray logProbabilities = Precision.widen(logits).logSoftmax(-1);   // fp32 under mixed precision too
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
