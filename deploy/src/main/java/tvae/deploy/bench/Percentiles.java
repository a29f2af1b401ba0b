package tvae.deploy.bench;

/** Nearest-rank percentiles of measured latencies, for the benchmark programs. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The p-th percentile (nearest rank) of {@code sorted}, ascending; NaN when empty. */
    public static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
