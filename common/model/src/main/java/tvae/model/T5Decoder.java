package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The T5-style decoder: a stack of {@link DecoderLayer}s sharing one {@link RelativePositionBias}, then a final
 * RMSNorm. Layers are reachable one by one so training can recompute them (gradient checkpointing).
 */
public final class T5Decoder extends ModelBlock {
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final RmsNorm finalNorm;

    T5Decoder(TransformerVaeConfig config) {
        RelativePositionBias positionBias = addChildBlock("positionBias", new RelativePositionBias(config));
        for (int i = 0; i < config.decoderLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(config, i, positionBias)));
        }
        finalNorm = addChildBlock("finalNorm", new RmsNorm(config.dModel(), config.normEpsilon()));
    }

    public int layerCount() {
        return layers.size();
    }

    /** Layer {@code i} alone: x (B, T, D), memory (B, L, D) -> (B, T, D) */
    public NDArray layer(int i, ParameterStore ps, NDArray x, NDArray memory) {
        return layers.get(i).forward(ps, x, memory);
    }

    /** The final norm after the last layer. */
    public NDArray finish(ParameterStore ps, NDArray x) {
        return finalNorm.forward(ps, x);
    }

    /** embedded decoder inputs (B, T, D), memory (B, L, D) -> hidden (B, T, D) */
    public NDArray forward(ParameterStore ps, NDArray embedded, NDArray memory) {
        NDArray x = embedded;
        for (int i = 0; i < layers.size(); i++) {
            x = layer(i, ps, x, memory);
        }
        return finish(ps, x);
    }

    /** One position with the KV cache: embedded (B, 1, D) -> hidden (B, 1, D) */
    public NDArray step(ParameterStore ps, NDArray embedded, DecoderCache cache, NDArray memory) {
        NDArray x = embedded;
        for (DecoderLayer layer : layers) {
            x = layer.step(ps, x, cache, memory);
        }
        return finish(ps, x);
    }
}
