package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache of incremental decoding: per decoder layer, the projected self-attention keys/values of every
 * position decoded so far, and the cross-attention keys/values of the latent memory (computed once).
 * Its arrays live in the manager of the decoding call that created it.
 */
public final class DecoderCache implements AutoCloseable {
    final List<MultiHeadAttention.KeysValues> self = new ArrayList<>();
    final List<MultiHeadAttention.KeysValues> cross = new ArrayList<>();

    DecoderCache() {
    }

    /**
     * Keeps the rows {@code rows} (int64 indices into the batch) of every cached array, in that order, a row kept
     * twice becoming two: a beam search's surviving candidates, each in its parent's place. The replaced arrays are
     * closed.
     */
    public void keepRows(NDArray rows) {
        keepRows(self, rows);
        keepRows(cross, rows);
    }

    /** Takes the cached arrays out of the current {@link NDScope}, so that they outlive the step that made them. */
    public void outliveScope() {
        forEachArray(NDScope::unregister);
    }

    /** Closes the cached arrays: for a cache whose arrays were taken out of every scope ({@link #outliveScope}). */
    @Override
    public void close() {
        forEachArray(NDArray::close);
        self.clear();
        cross.clear();
    }

    private static void keepRows(List<MultiHeadAttention.KeysValues> layers, NDArray rows) {
        for (int i = 0; i < layers.size(); i++) {
            MultiHeadAttention.KeysValues old = layers.get(i);
            if (old != null) {
                layers.set(i, new MultiHeadAttention.KeysValues(old.keys().get(rows), old.values().get(rows)));
                old.keys().close();
                old.values().close();
            }
        }
    }

    private void forEachArray(java.util.function.Consumer<NDArray> action) {
        for (List<MultiHeadAttention.KeysValues> layers : List.of(self, cross)) {
            for (MultiHeadAttention.KeysValues entry : layers) {
                if (entry != null) {
                    action.accept(entry.keys());
                    action.accept(entry.values());
                }
            }
        }
    }
}
