package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * One pre-norm Transformer encoder layer. In a pooling layer the queries are the pooled sequence while keys and
 * values are the unpooled one (Funnel-Transformer), so pooling loses no information before attention.
 */
final class EncoderLayer extends ModelBlock {
    private final LayerNormalization queryNorm;
    private final LayerNormalization sourceNorm;
    private final MultiHeadAttention attention;
    private final LayerNormalization ffnNorm;
    private final FeedForward ffn;

    EncoderLayer(TransformerVaeConfig config) {
        queryNorm = addChildBlock("queryNorm", new LayerNormalization(config.dModel(), config.normEpsilon()));
        sourceNorm = addChildBlock("sourceNorm", new LayerNormalization(config.dModel(), config.normEpsilon()));
        attention = addChildBlock("attention", new MultiHeadAttention(config));
        ffnNorm = addChildBlock("ffnNorm", new LayerNormalization(config.dModel(), config.normEpsilon()));
        ffn = addChildBlock("ffn", new FeedForward(config));
    }

    /** queries (B, Tq, D) attend to source (B, Tk, D) under sourceMask (B, 1, 1, Tk) -> (B, Tq, D) */
    NDArray forward(ParameterStore ps, NDArray queries, NDArray source, NDArray sourceMask) {
        NDArray attended = queries.add(attention.forward(ps, queryNorm.forward(ps, queries), sourceNorm.forward(ps, source), sourceMask));
        return attended.add(ffn.forward(ps, ffnNorm.forward(ps, attended)));
    }
}
