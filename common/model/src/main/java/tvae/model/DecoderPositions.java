package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * What a parallel decoder reads in place of the previous tokens: one learned embedding per position, the same for
 * every item, so the content of a decoded sequence can only come from the latent codes. Initialised like the token
 * embedding, so the decoder's inputs keep the scale they have when it reads tokens.
 */
final class DecoderPositions extends ModelBlock {
    private final Parameter table;

    DecoderPositions(TransformerVaeConfig config) {
        table = parameter("table", new NormalInitializer(1f), config.maxLength(), config.dModel());
    }

    /** The inputs of {@code batch} sequences of {@code length} positions: (B, T, D) */
    NDArray inputs(ParameterStore ps, NDArray like, long batch, long length) {
        NDArray positions = ps.getValue(table, like.getDevice(), false).get("0:" + length);       // (T, D)
        return positions.expandDims(0).broadcast(new Shape(batch, length, positions.getShape().get(1)));
    }
}
