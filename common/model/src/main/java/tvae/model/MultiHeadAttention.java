package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import tvae.engine.Precision;
import tvae.engine.Scalars;

/**
 * Scaled dot-product attention with separate query and key/value inputs, so one class serves self-attention,
 * Funnel pooling attention (pooled queries, unpooled keys) and cross-attention over the latent tokens.
 * Keys and values can be projected once and reused ({@link #keysValues}), which is what the KV cache keeps.
 */
final class MultiHeadAttention extends ModelBlock {
    private final Projection query;
    private final Projection key;
    private final Projection value;
    private final Projection output;
    private final int heads;
    private final int headDim;

    MultiHeadAttention(TransformerVaeConfig config) {
        query = addChildBlock("query", new Projection(config.dModel(), config.dModel(), false));
        key = addChildBlock("key", new Projection(config.dModel(), config.dModel(), false));
        value = addChildBlock("value", new Projection(config.dModel(), config.dModel(), false));
        output = addChildBlock("output", new Projection(config.dModel(), config.dModel(), false));
        heads = config.heads();
        headDim = config.headDim();
    }

    /** Projected keys and values, split into heads: each (B, H, Tk, Dh). */
    record KeysValues(NDArray keys, NDArray values) {
        KeysValues append(KeysValues next) {
            return new KeysValues(keys.concat(next.keys, 2), values.concat(next.values, 2));
        }
    }

    KeysValues keysValues(ParameterStore ps, NDArray source) {
        return new KeysValues(splitHeads(key.forward(ps, source)), splitHeads(value.forward(ps, source)));
    }

    /** queries (B, Tq, D), source (B, Tk, D), additive bias broadcastable to (B, H, Tq, Tk) -> (B, Tq, D) */
    NDArray forward(ParameterStore ps, NDArray queries, NDArray source, NDArray bias) {
        return forward(ps, queries, keysValues(ps, source), bias);
    }

    NDArray forward(ParameterStore ps, NDArray queries, KeysValues kv, NDArray bias) {
        NDArray q = Scalars.times(splitHeads(query.forward(ps, queries)), 1 / Math.sqrt(headDim));
        NDArray scores = q.matMul(kv.keys().transpose(0, 1, 3, 2));     // (B, H, Tq, Tk)
        if (bias != null) {
            // an fp32 mask would promote fp16 scores (mixed precision) to fp32; in fp16 its -1e9 is -inf, still fine
            scores = scores.add(bias.getDataType() == scores.getDataType() ? bias : Precision.constantLike(bias, scores));
        }
        NDArray mixed = scores.softmax(-1).matMul(kv.values());          // (B, H, Tq, Dh)
        return output.forward(ps, mergeHeads(mixed));
    }

    /** (B, T, D) -> (B, H, T, Dh) */
    private NDArray splitHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, headDim).transpose(0, 2, 1, 3);
    }

    /** (B, H, T, Dh) -> (B, T, D) */
    private NDArray mergeHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.transpose(0, 2, 1, 3).reshape(s[0], s[2], (long) heads * headDim);
    }
}
