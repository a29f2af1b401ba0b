package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which keys a decoder query may see: inside its window, and when the decoder reads tokens, no later key (causal; a
 * parallel decoder reads positions only, so every position may see every other). Windows tile the sequence in blocks of
 * {@code attentionWindow}; odd layers shift the tiling by half a window, so a token at a window edge in one layer sits
 * mid-window in the next and information crosses every edge (the seed's windows never moved). As in Swin, a window
 * at least as long as the sequence means no windows (plain causal attention, or full attention in parallel) and no
 * shift.
 */
final class ShiftedWindows {
    private final int window;
    private final boolean windowed;
    private final boolean shift;
    private final boolean causal;

    ShiftedWindows(TransformerVaeConfig config) {
        this.causal = !config.parallelDecoding();
        this.window = config.attentionWindow();
        this.windowed = config.windowed();
        this.shift = config.shiftWindows();
    }

    boolean visible(int layer, int query, int key) {
        if (causal && key > query) {
            return false;
        }
        if (!windowed) {
            return true;
        }
        int offset = shift && layer % 2 == 1 ? window / 2 : 0;
        return (query + offset) / window == (key + offset) / window;
    }

    /** Queries at firstQuery.., keys at 0..keys-1 -> additive mask (1, 1, Tq, Tk) */
    NDArray mask(NDManager manager, int layer, int firstQuery, int queries, int keys) {
        float[] mask = new float[queries * keys];
        for (int q = 0; q < queries; q++) {
            for (int k = 0; k < keys; k++) {
                mask[q * keys + k] = visible(layer, firstQuery + q, k) ? 0f : AttentionMasks.BLOCKED;
            }
        }
        return manager.create(mask, new Shape(1, 1, queries, keys));
    }
}
