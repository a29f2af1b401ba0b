package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** The reconstructed encoding the decoder cross-attends to: {@code LayerNorm(Dense(d_latent → d_model))} per latent token. */
final class LatentReconstruction extends ModelBlock {
    private final Projection toModel;
    private final LayerNormalization norm;

    LatentReconstruction(TransformerVaeConfig config) {
        toModel = addChildBlock("toModel", new Projection(config.latentDim(), config.dModel(), true));
        norm = addChildBlock("norm", new LayerNormalization(config.dModel(), config.normEpsilon()));
    }

    /** latents (B, L, d_latent) -> memory (B, L, D) */
    NDArray forward(ParameterStore ps, NDArray latents) {
        return norm.forward(ps, toModel.forward(ps, latents));
    }
}
