package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import tvae.engine.Precision;

/** Pairs of latent codes within a batch, for the research losses that look at mixes: row b's partner is row b + 1. */
final class LatentPairs {
    private LatentPairs() {
    }

    /** (1 − r_b)·z_b + r_b·z_(b+1) for every row b (the last row's partner is the first): (B, L, d) -> (B, L, d) */
    static NDArray mix(NDArray latents, float[] ratios) {
        long rows = latents.getShape().get(0);
        if (ratios.length != rows) {
            throw new IllegalArgumentException(ratios.length + " ratios for " + rows + " rows");
        }
        NDArray partners = latents.get("1:").concat(latents.get(":1"), 0);
        float[] complements = new float[ratios.length];
        for (int i = 0; i < ratios.length; i++) {
            complements[i] = 1 - ratios[i];
        }
        Shape perRow = new Shape(rows, 1, 1);
        return latents.mul(Precision.constantLike(latents.getManager().create(complements, perRow), latents))
                .add(partners.mul(Precision.constantLike(latents.getManager().create(ratios, perRow), latents)));
    }

    /** One ratio per row, uniform in [from, to). */
    static float[] ratios(Random random, int rows, double from, double to) {
        float[] ratios = new float[rows];
        for (int i = 0; i < rows; i++) {
            ratios[i] = (float) (from + random.nextDouble() * (to - from));
        }
        return ratios;
    }
}
