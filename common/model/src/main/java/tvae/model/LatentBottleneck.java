package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Every pooled token becomes its own latent code, {@code tanh(Dense(d_model → d_latent))}; the first
 * {@code latentTokens} are kept (the seed's recipe: 5 codes × 77 dims).
 */
final class LatentBottleneck extends ModelBlock {
    private final Projection toLatent;
    private final int latentTokens;

    LatentBottleneck(TransformerVaeConfig config) {
        toLatent = addChildBlock("toLatent", new Projection(config.dModel(), config.latentDim(), true));
        latentTokens = config.latentTokens();
    }

    /** pooled (B, P, D) -> latent codes (B, L, d_latent) */
    NDArray forward(ParameterStore ps, NDArray pooled) {
        return toLatent.forward(ps, pooled.get(":, 0:" + latentTokens + ", :")).tanh();
    }
}
