package tvae.decode;

import tvae.events.Mixing;
/**
 * Mixes two latent points token by token: every latent token of A with the same token of B, at ratio r
 * (0 gives A, 1 gives B). Linear, or spherical (slerp) which keeps the norm typical of the prior in between.
 */
public final class LatentMixing {
    /** Below this angle slerp and linear agree to float precision, and slerp's 1/sin(angle) would blow up. */
    private static final double PARALLEL = 1e-6;

    private LatentMixing() {
    }

    /** a, b (L, d) -> (L, d) */
    public static float[][] mix(float[][] a, float[][] b, double ratio, Mixing mixing) {
        float[][] out = new float[a.length][];
        for (int token = 0; token < a.length; token++) {
            out[token] = mixing == Mixing.SLERP ? slerp(a[token], b[token], ratio) : linear(a[token], b[token], ratio);
        }
        return out;
    }

    static float[] linear(float[] a, float[] b, double r) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) ((1 - r) * a[i] + r * b[i]);
        }
        return out;
    }

    static float[] slerp(float[] a, float[] b, double r) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        double cosine = dot / Math.max(Math.sqrt(normA * normB), 1e-12);
        double angle = Math.acos(Math.max(-1, Math.min(1, cosine)));
        if (angle < PARALLEL) {
            return linear(a, b, r);
        }
        double wa = Math.sin((1 - r) * angle) / Math.sin(angle);
        double wb = Math.sin(r * angle) / Math.sin(angle);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }
}
