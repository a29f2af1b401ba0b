package tvae.probe;

/**
 * The Wilson score interval of a share of successes: a 95 % confidence interval that, unlike the normal
 * approximation, stays inside [0, 1] and is not empty at 0 or n successes, which small probe test sets often hit.
 */
public record WilsonInterval(double low, double high) {
    /** z for a two-sided 95 % interval. */
    public static final double Z_95 = 1.96;

    public static WilsonInterval of(int successes, int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("an interval needs at least one trial, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be in 0.." + trials + ", was " + successes);
        }
        double p = successes / (double) trials;
        double zz = Z_95 * Z_95;
        double denominator = 1 + zz / trials;
        double centre = (p + zz / (2.0 * trials)) / denominator;
        double half = Z_95 / denominator * Math.sqrt(p * (1 - p) / trials + zz / (4.0 * trials * trials));
        // exact at the ends, where rounding would otherwise leave a hair off 0 or 1
        return new WilsonInterval(successes == 0 ? 0.0 : centre - half, successes == trials ? 1.0 : centre + half);
    }
}
