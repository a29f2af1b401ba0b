package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.engine.Autograd;
import tvae.engine.Scopes;
import tvae.model.T5Decoder;
import tvae.model.TransformerVae;
import tvae.tokenize.TokenBatch;

/**
 * One step's forward and backward pass of the {@link VaeLoss}, either through one recorded graph
 * ({@link TransformerVae#forward}) or with each decoder layer recomputed (gradient checkpointing):
 * <ol>
 *   <li>record the stem (encoder, latents, MMD, memory, decoder embedding);</li>
 *   <li>run the decoder layers without recording, keeping only each layer's input;</li>
 *   <li>record the head from a leaf copy of the last layer's output and back-propagate the loss into it;</li>
 *   <li>for each layer from the top: recompute it with recording from a leaf copy of its input and back-propagate
 *       {@code sum(output · upstream)}, which yields its parameter gradients and the upstream for the layer below
 *       (the memory leaf collects the cross-attention gradients of every layer);</li>
 *   <li>back-propagate into the stem from the embedding and memory gradients, plus the MMD term.</li>
 * </ol>
 * The research losses switched on ({@link ResearchLoss}) and on at this step run first, each from a leaf copy of the
 * latent codes; the gradient they leave there enters the stem's backward pass as {@code sum(latents · gradient)}.
 */
final class VaeObjective implements AutoCloseable {
    private final VaeLoss loss;
    private final List<ResearchLoss> researchLosses;

    VaeObjective(MmdLoss mmd, List<ResearchLoss> researchLosses) {
        this.loss = new VaeLoss(mmd);
        this.researchLosses = List.copyOf(researchLosses);
    }

    /** Stops what the research losses started. */
    @Override
    public void close() {
        researchLosses.forEach(ResearchLoss::close);
    }

    /** The values of one step's loss terms; {@code research} holds those of the research losses switched on. */
    record Terms(double loss, double reconstruction, double mmd, double tokenAccuracy, Map<String, Double> research) {
    }

    /**
     * @param backward    runs the backward passes, each loss times the loss scale (1 without mixed precision)
     * @param latentNoise added to the latent codes the decoder reads, (B, L, d_latent); null for none
     * @param mmdWeight   {@link VaeLoss#mmdWeight} at this step
     * @param stepsDone   the steps trained before this one (some research losses come on later)
     * @param random      the step's draws for the research losses (unused when none is on)
     */
    Terms forwardBackward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch, NDArray prior,
                          NDArray latentNoise, double mmdWeight, boolean recompute, long stepsDone, Random random) {
        TransformerVae.Forward forward = recompute ? null : model.forward(ps, batch, latentNoise);
        NDArray latents = recompute ? model.encode(ps, batch.encoderIds(), batch.keep()) : forward.latents();
        NDArray mmdLoss = loss.mmd(latents, prior);
        NDArray stemExtras = backward.scaled(mmdLoss, mmdWeight);                          // what enters at the latents
        Map<String, Double> research = new LinkedHashMap<>();
        double researchLoss = 0;
        List<ResearchLoss> on = researchLosses.stream().filter(term -> term.isOnAfter(stepsDone)).toList();
        if (!on.isEmpty()) {
            NDArray leaf = Autograd.leaf(latents);
            for (ResearchLoss term : on) {
                ResearchLoss.Result result = Scopes.keepNone(() -> term.backward(backward, model, ps, batch, leaf, random));
                research.putAll(result.values());
                researchLoss += result.weightedLoss();
            }
            stemExtras = stemExtras.add(latents.mul(leaf.getGradient()).sum());
        }
        VaeLoss.Reconstruction reconstruction;
        if (!recompute) {
            reconstruction = VaeLoss.reconstruction(forward.logits(), batch);
            backward.run(backward.scaled(reconstruction.loss(), 1).add(stemExtras));
        } else {
            NDArray memory = model.memory(ps, TransformerVae.noisy(latents, latentNoise));      // (B, L, D)
            NDArray embedded = model.decoderEmbedded(ps, batch.decoderInputs());             // (B, T, D)
            RecomputedHead head = recomputedBackward(backward, model, ps, batch, embedded, memory);
            reconstruction = head.reconstruction;
            backward.run(embedded.mul(head.embeddedGradient).sum()
                    .add(memory.mul(head.memoryGradient).sum()).add(stemExtras));
        }
        double rec = reconstruction.loss().getFloat();
        double m = mmdLoss.getFloat();
        return new Terms(rec + mmdWeight * m + researchLoss, rec, m, reconstruction.accuracy(), research);
    }

    /** The reconstruction term of a recomputed pass and the gradients it left at the decoder's two inputs. */
    private record RecomputedHead(VaeLoss.Reconstruction reconstruction, NDArray embeddedGradient, NDArray memoryGradient) {
    }

    private static RecomputedHead recomputedBackward(ScaledBackward backward, TransformerVae model, ParameterStore ps,
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
        VaeLoss.Reconstruction head = VaeLoss.reconstruction(model.logits(ps, decoder.finish(ps, top)), batch);
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
        return new RecomputedHead(head, upstream, memoryLeaf.getGradient());
    }
}
