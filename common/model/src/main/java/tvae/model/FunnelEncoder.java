package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Funnel encoder: stages of pre-norm self-attention layers; between stages the sequence is pooled by 2 and the
 * first layer of the new stage lets the pooled queries attend to the unpooled keys/values (32 → 16 → 8 tokens).
 * Positions enter as learned absolute embeddings added to the token embeddings.
 */
final class FunnelEncoder extends ModelBlock {
    private final Parameter positions;
    private final List<List<EncoderLayer>> stages = new ArrayList<>();
    private final LayerNormalization finalNorm;

    FunnelEncoder(TransformerVaeConfig config) {
        positions = parameter("positions", new NormalInitializer(0.02f), config.maxLength(), config.dModel());
        for (int s = 0; s < config.encoderStages(); s++) {
            List<EncoderLayer> layers = new ArrayList<>();
            for (int l = 0; l < config.layersPerStage(); l++) {
                layers.add(addChildBlock("stage" + s + "_layer" + l, new EncoderLayer(config)));
            }
            stages.add(layers);
        }
        finalNorm = addChildBlock("finalNorm", new LayerNormalization(config.dModel(), config.normEpsilon()));
    }

    /** The pooled states (B, P, D) and which of them hold real tokens (B, P): P = T / 2^(stages-1). */
    record Pooled(NDArray states, NDArray keep) {
    }

    /** embedded tokens (B, T, D), keep (B, T) -> pooled states (B, T / 2^(stages-1), D) and their mask */
    Pooled forward(ParameterStore ps, NDArray embedded, NDArray keep) {
        long length = embedded.getShape().get(1);
        NDArray x = embedded.add(ps.getValue(positions, embedded.getDevice(), false).get("0:" + length));
        NDArray mask = keep.toType(DataType.FLOAT32, false);
        for (int s = 0; s < stages.size(); s++) {
            for (int l = 0; l < stages.get(s).size(); l++) {
                NDArray queries = x;
                NDArray sourceMask = AttentionMasks.padding(mask);
                if (s > 0 && l == 0) {
                    queries = FunnelPooling.pool(x);         // (B, T, D) -> (B, T/2, D)
                    mask = FunnelPooling.poolMask(mask);
                }
                x = stages.get(s).get(l).forward(ps, queries, x, sourceMask);
            }
        }
        return new Pooled(finalNorm.forward(ps, x), mask);
    }
}
