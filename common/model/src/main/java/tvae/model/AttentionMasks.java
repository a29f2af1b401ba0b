package tvae.model;

import ai.djl.ndarray.NDArray;

/** Additive attention masks: 0 where a key may be seen, a large negative number where it may not. */
final class AttentionMasks {
    /** Large enough to vanish under softmax, small enough not to overflow float32 when added to scores. */
    static final float BLOCKED = -1e9f;

    private AttentionMasks() {
    }

    /** keep (B, Tk) with 1 for real tokens, 0 for padding -> (B, 1, 1, Tk): 0 for real keys, BLOCKED for padding */
    static NDArray padding(NDArray keep) {
        return keep.neg().add(1f).mul(BLOCKED).expandDims(1).expandDims(1);
    }
}
