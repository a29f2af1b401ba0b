package tvae.model;

import ai.djl.ndarray.NDArray;

/** Halves a sequence by averaging neighbouring pairs: hidden states by mean, the padding mask by max. */
final class FunnelPooling {
    private FunnelPooling() {
    }

    /** (B, T, D) -> (B, T/2, D) */
    static NDArray pool(NDArray hidden) {
        long[] s = hidden.getShape().getShape();
        return hidden.reshape(s[0], s[1] / 2, 2, s[2]).mean(new int[] {2});
    }

    /** keep (B, T) -> (B, T/2): a pooled token is real if either of its pair is */
    static NDArray poolMask(NDArray keep) {
        long[] s = keep.getShape().getShape();
        return keep.reshape(s[0], s[1] / 2, 2).max(new int[] {2});
    }
}
