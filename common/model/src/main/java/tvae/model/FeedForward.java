package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/** The position-wise FFN of every layer: {@code W2 · gelu(W1 · x)}. */
final class FeedForward extends ModelBlock {
    private final Projection expand;
    private final Projection contract;

    FeedForward(TransformerVaeConfig config) {
        expand = addChildBlock("expand", new Projection(config.dModel(), config.ffnDim(), true));
        contract = addChildBlock("contract", new Projection(config.ffnDim(), config.dModel(), true));
    }

    /** (B, T, D) -> (B, T, D) */
    NDArray forward(ParameterStore ps, NDArray x) {
        return contract.forward(ps, Activation.gelu(expand.forward(ps, x)));
    }
}
