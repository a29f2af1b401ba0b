package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The KV cache of incremental decoding: per decoder layer, the projected self-attention keys/values of every
 * position decoded so far, the cross-attention keys/values of the latent memory (computed once), and the
 * self-attention bias (relative positions plus window mask), built once so a step only reads its row of it.
 * Its arrays live in the manager of the decoding call that created it.
 */
public final class DecoderCache implements AutoCloseable {
    /** Room for a Python line of the small preset's 32 tokens before the bias is built again. */
    private static final int INITIAL_BIAS_LENGTH = 32;
    final List<MultiHeadAttention.KeysValues> self = new ArrayList<>();
    final List<MultiHeadAttention.KeysValues> cross = new ArrayList<>();
    /** Per decoder layer, its self-attention bias over a square of positions: (1, H, T, T), T growing as needed. */
    private final List<NDArray> selfBias = new ArrayList<>();

    DecoderCache() {
    }

    /**
     * Layer {@code layer}'s self-attention bias over at least {@code length} positions, built by {@code square} (a
     * length -> (1, H, length, length) bias) the first time and again, twice as long, when a decoding outgrows it.
     * It is the same for every row of the batch, so a beam's reordering leaves it alone.
     */
    NDArray selfBias(int layer, int length, IntFunction<NDArray> square) {
        while (selfBias.size() <= layer) {
            selfBias.add(null);
        }
        NDArray cached = selfBias.get(layer);
        if (cached == null || cached.getShape().get(2) < length) {
            if (cached != null) {
                cached.close();
            }
            int size = cached == null ? Math.max(length, INITIAL_BIAS_LENGTH) : Math.max(length, 2 * (int) cached.getShape().get(2));
            cached = square.apply(size);
            selfBias.set(layer, cached);
        }
        return cached;
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
        selfBias.clear();
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
        selfBias.stream().filter(java.util.Objects::nonNull).forEach(action);
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
