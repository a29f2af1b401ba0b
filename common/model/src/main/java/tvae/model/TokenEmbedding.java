package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import tvae.engine.Scalars;

/**
 * The one token embedding of the model: the encoder and the decoder look tokens up in it, and the output projection
 * is its transpose (tied), scaled by 1/sqrt(D) as in T5 so tied logits start small.
 */
final class TokenEmbedding extends ModelBlock {
    private final Parameter table;
    private final float outputScale;

    TokenEmbedding(int vocabSize, int dModel) {
        table = parameter("table", new NormalInitializer(1f), vocabSize, dModel);
        outputScale = (float) (1 / Math.sqrt(dModel));
    }

    /** ids (B, T) int64 -> (B, T, D) */
    NDArray embed(ParameterStore ps, NDArray ids) {
        NDArray weights = ps.getValue(table, ids.getDevice(), false);
        return ids.getNDArrayInternal().embedding(ids, weights, SparseFormat.DENSE).singletonOrThrow();
    }

    /** distributions over the vocabulary (B, T, V) -> expected embeddings (B, T, D) */
    NDArray softEmbed(ParameterStore ps, NDArray distributions) {
        return distributions.matMul(ps.getValue(table, distributions.getDevice(), false));
    }

    /** (B, T, D) -> logits (B, T, V) */
    NDArray logits(ParameterStore ps, NDArray hidden) {
        NDArray weights = ps.getValue(table, hidden.getDevice(), false);
        return Scalars.times(hidden, outputScale).matMul(weights.transpose());
    }
}
