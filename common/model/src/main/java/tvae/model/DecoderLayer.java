package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import tvae.engine.Precision;

/**
 * One T5 decoder layer, pre-norm with RMSNorm: causal windowed self-attention with the shared relative-position
 * bias, cross-attention over the latent memory, FFN; each with a residual connection.
 */
final class DecoderLayer extends ModelBlock {
    private final int index;
    private final RelativePositionBias positionBias;
    private final ShiftedWindows windows;
    private final RmsNorm selfNorm;
    private final MultiHeadAttention selfAttention;
    private final RmsNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final RmsNorm ffnNorm;
    private final FeedForward ffn;

    DecoderLayer(TransformerVaeConfig config, int index, RelativePositionBias positionBias) {
        this.index = index;
        this.positionBias = positionBias;
        this.windows = new ShiftedWindows(config);
        selfNorm = addChildBlock("selfNorm", new RmsNorm(config.dModel(), config.normEpsilon()));
        selfAttention = addChildBlock("selfAttention", new MultiHeadAttention(config));
        crossNorm = addChildBlock("crossNorm", new RmsNorm(config.dModel(), config.normEpsilon()));
        crossAttention = addChildBlock("crossAttention", new MultiHeadAttention(config));
        ffnNorm = addChildBlock("ffnNorm", new RmsNorm(config.dModel(), config.normEpsilon()));
        ffn = addChildBlock("ffn", new FeedForward(config));
    }

    /** Whole sequence: x (B, T, D), memory (B, L, D) -> (B, T, D) */
    NDArray forward(ParameterStore ps, NDArray x, NDArray memory) {
        NDArray normed = selfNorm.forward(ps, x);
        return attendAndTransform(ps, x, normed, selfAttention.keysValues(ps, normed), crossAttention.keysValues(ps, memory), 0);
    }

    /** One new position: x (B, 1, D) -> (B, 1, D); appends its keys/values to the cache. */
    NDArray step(ParameterStore ps, NDArray x, DecoderCache cache, NDArray memory) {
        if (cache.cross.size() <= index) {
            cache.cross.add(crossAttention.keysValues(ps, memory));
            cache.self.add(null);
        }
        int position = cache.self.get(index) == null ? 0 : (int) cache.self.get(index).keys().getShape().get(2);
        NDArray normed = selfNorm.forward(ps, x);
        MultiHeadAttention.KeysValues fresh = selfAttention.keysValues(ps, normed);
        MultiHeadAttention.KeysValues all = cache.self.get(index) == null ? fresh : cache.self.get(index).append(fresh);
        cache.self.set(index, all);
        return attendAndTransform(ps, x, normed, all, cache.cross.get(index), position);
    }

    private NDArray attendAndTransform(ParameterStore ps, NDArray x, NDArray normed, MultiHeadAttention.KeysValues self,
                                       MultiHeadAttention.KeysValues cross, int firstQuery) {
        int queries = (int) x.getShape().get(1);
        int keys = (int) self.keys().getShape().get(2);
        NDArray positions = positionBias.forward(ps, x.getManager(), firstQuery, queries, keys);
        NDArray bias = positions.add(Precision.constantLike(windows.mask(x.getManager(), index, firstQuery, queries, keys),
                positions));                                                             // (1, H, Tq, Tk)
        NDArray h = x.add(selfAttention.forward(ps, normed, self, bias));
        h = h.add(crossAttention.forward(ps, crossNorm.forward(ps, h), cross, null));
        return h.add(ffn.forward(ps, ffnNorm.forward(ps, h)));
    }
}
