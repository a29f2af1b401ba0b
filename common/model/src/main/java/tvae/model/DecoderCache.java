package tvae.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache of incremental decoding: per decoder layer, the projected self-attention keys/values of every
 * position decoded so far, and the cross-attention keys/values of the latent memory (computed once).
 * Its arrays live in the manager of the decoding call that created it.
 */
public final class DecoderCache {
    final List<MultiHeadAttention.KeysValues> self = new ArrayList<>();
    final List<MultiHeadAttention.KeysValues> cross = new ArrayList<>();

    DecoderCache() {
    }
}
