package tvae.decode;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Arithmetic on latent points (L latent tokens × d, as {@link VaeModel#encode} gives them) for the latent playground:
 * breeding (a weighted mean of parents plus Gaussian noise), semantic directions (the mean code of one group minus the
 * mean code of another, as in word-vector analogies), moving a point along a direction, and swapping latent tokens
 * between two points. Every method returns a new point and leaves its arguments alone.
 */
public final class LatentEdits {
    private LatentEdits() {
    }

    /** Σ wᵢ·zᵢ / Σ wᵢ, token by token; the weights must be ≥ 0 with a positive sum. */
    public static float[][] weightedMean(List<float[][]> points, List<Double> weights) {
        if (points.isEmpty() || points.size() != weights.size()) {
            throw new IllegalArgumentException("one weight per point, and at least one point");
        }
        double sum = 0;
        for (double weight : weights) {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("weights must be >= 0, was " + weight);
            }
            sum += weight;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the weights must not all be 0");
        }
        float[][] mean = zerosLike(points.get(0));
        for (int p = 0; p < points.size(); p++) {
            addScaled(mean, points.get(p), weights.get(p) / sum);
        }
        return mean;
    }

    /** z + deviation·ε with ε ~ N(0, I) drawn from {@code random}. */
    public static float[][] withNoise(float[][] point, double deviation, Random random) {
        float[][] noisy = copy(point);
        for (float[] token : noisy) {
            for (int i = 0; i < token.length; i++) {
                token[i] += (float) (deviation * random.nextGaussian());
            }
        }
        return noisy;
    }

    /** mean(to) − mean(from): the step that takes a typical member of one group to a typical member of the other. */
    public static float[][] direction(List<float[][]> from, List<float[][]> to) {
        float[][] step = mean(to);
        addScaled(step, mean(from), -1);
        return step;
    }

    /**
     * A direction of the given length and {@code like}'s shape, uniform over all directions (a standard Gaussian point
     * rescaled): the baseline a learnt direction of that length has to beat.
     */
    public static float[][] randomDirection(float[][] like, double length, Random random) {
        float[][] direction = withNoise(zerosLike(like), 1, random);
        double norm = norm(direction);
        float[][] scaled = zerosLike(like);
        addScaled(scaled, direction, norm == 0 ? 0 : length / norm);
        return scaled;
    }

    /** z + strength·direction. */
    public static float[][] moved(float[][] point, float[][] direction, double strength) {
        float[][] moved = copy(point);
        addScaled(moved, direction, strength);
        return moved;
    }

    /** {@code a} with the latent tokens numbered in {@code tokens} taken from {@code b}. */
    public static float[][] swapped(float[][] a, float[][] b, Set<Integer> tokens) {
        float[][] out = copy(a);
        for (int token : tokens) {
            out[token] = b[token].clone();
        }
        return out;
    }

    /** The Euclidean length of a whole point (all its tokens). */
    public static double norm(float[][] point) {
        double sum = 0;
        for (float[] token : point) {
            for (float value : token) {
                sum += (double) value * value;
            }
        }
        return Math.sqrt(sum);
    }

    private static float[][] mean(List<float[][]> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one point");
        }
        float[][] mean = zerosLike(points.get(0));
        for (float[][] point : points) {
            addScaled(mean, point, 1.0 / points.size());
        }
        return mean;
    }

    private static void addScaled(float[][] target, float[][] point, double scale) {
        for (int t = 0; t < target.length; t++) {
            for (int i = 0; i < target[t].length; i++) {
                target[t][i] += (float) (scale * point[t][i]);
            }
        }
    }

    private static float[][] zerosLike(float[][] point) {
        float[][] zeros = new float[point.length][];
        for (int t = 0; t < point.length; t++) {
            zeros[t] = new float[point[t].length];
        }
        return zeros;
    }

    private static float[][] copy(float[][] point) {
        float[][] copy = new float[point.length][];
        for (int t = 0; t < point.length; t++) {
            copy[t] = point[t].clone();
        }
        return copy;
    }
}
