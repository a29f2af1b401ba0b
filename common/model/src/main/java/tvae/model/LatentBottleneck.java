package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * Turns the encoder's pooled tokens into {@code latentTokens} latent codes, each {@code tanh(Dense(d_model → d_latent))}.
 * Which tokens: by position, the first {@code latentTokens} pooled tokens (the seed's recipe: 5 codes × 77 dims, each
 * summarising a stretch of the sequence), or by attention, where {@code latentTokens} learned queries attend over every
 * real pooled token in one more encoder layer, so no code is tied to a stretch of the input.
 */
final class LatentBottleneck extends ModelBlock {
    private final Projection toLatent;
    private final int latentTokens;
    private final Parameter queries;
    private final EncoderLayer queryLayer;
    private final LayerNormalization queryNorm;

    LatentBottleneck(TransformerVaeConfig config) {
        toLatent = addChildBlock("toLatent", new Projection(config.dModel(), config.latentDim(), true));
        latentTokens = config.latentTokens();
        if (config.attentionPooling()) {
            queries = parameter("queries", new NormalInitializer(0.02f), latentTokens, config.dModel());
            queryLayer = addChildBlock("queryLayer", new EncoderLayer(config));
            queryNorm = addChildBlock("queryNorm", new LayerNormalization(config.dModel(), config.normEpsilon()));
        } else {
            queries = null;
            queryLayer = null;
            queryNorm = null;
        }
    }

    /** pooled states (B, P, D) and their mask (B, P) -> latent codes (B, L, d_latent) */
    NDArray forward(ParameterStore ps, FunnelEncoder.Pooled pooled) {
        NDArray states = pooled.states();
        if (queries == null) {
            return toLatent.forward(ps, states.get(":, 0:" + latentTokens + ", :")).tanh();
        }
        long batch = states.getShape().get(0);
        NDArray learned = ps.getValue(queries, states.getDevice(), false).toType(states.getDataType(), false);
        NDArray perItem = learned.expandDims(0).broadcast(batch, learned.getShape().get(0), learned.getShape().get(1));   // (B, L, D)
        NDArray attended = queryLayer.forward(ps, perItem, states, AttentionMasks.padding(pooled.keep()));
        return toLatent.forward(ps, queryNorm.forward(ps, attended)).tanh();
    }
}
