package tvae.decode;

/**
 * Latent points as Java arrays, nested {@code [point][token][dim]} for callers and flat in row-major order for the
 * engine (the layout of an NDArray's buffer), one place for the conversion both ways.
 */
public final class LatentArrays {
    private LatentArrays() {
    }

    /** (B, L, d) nested -> flat, row-major */
    public static float[] flat(float[][][] points) {
        int size = 0;
        for (float[][] point : points) {
            for (float[] token : point) {
                size += token.length;
            }
        }
        float[] flat = new float[size];
        int at = 0;
        for (float[][] point : points) {
            for (float[] token : point) {
                System.arraycopy(token, 0, flat, at, token.length);
                at += token.length;
            }
        }
        return flat;
    }

    /** One point (L, d) -> flat, row-major */
    public static float[] flat(float[][] point) {
        return flat(new float[][][] {point});
    }

    /** flat, row-major -> (count, tokens, dim) nested */
    public static float[][][] nested(float[] flat, int count, int tokens, int dim) {
        if (flat.length != count * tokens * dim) {
            throw new IllegalArgumentException(flat.length + " values are not " + count + " x " + tokens + " x " + dim);
        }
        float[][][] points = new float[count][tokens][dim];
        int at = 0;
        for (float[][] point : points) {
            for (float[] token : point) {
                System.arraycopy(flat, at, token, 0, dim);
                at += dim;
            }
        }
        return points;
    }
}
