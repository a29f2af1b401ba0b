package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * The ACAI critic of design §2's research losses: a small Funnel encoder reads the decoder's last hidden states and
 * says which mixing ratio produced them (0 for a real code). It is trained on its own objective while the VAE learns
 * to make every mix look real to it; see {@code tvae.train.CriticLoss}.
 */
public final class InterpolationCritic extends ModelBlock {
    private final FunnelEncoder encoder;
    private final Projection toRatio;

    InterpolationCritic(TransformerVaeConfig config) {
        encoder = addChildBlock("encoder", new FunnelEncoder(config.criticEncoder()));
        toRatio = addChildBlock("toRatio", new Projection(config.dModel(), 1, true));
    }

    /** decoder hidden states (B, T, D), keep (B, T) -> predicted ratio (B) */
    public NDArray forward(ParameterStore ps, NDArray hidden, NDArray keep) {
        NDArray pooled = encoder.forward(ps, hidden, keep).states();             // (B, P, D)
        return toRatio.forward(ps, pooled.mean(new int[] {1})).squeeze(-1);
    }
}
