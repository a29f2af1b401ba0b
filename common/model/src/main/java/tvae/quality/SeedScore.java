package tvae.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's interpolation test, one implementation for {@code tvae train}, {@code tvae score} and the inference
 * service's evaluation suite: fixed pairs of held-out lines ({@link #heldOutPairs}), the nine inner ratios 0.1–0.9,
 * CPython's verdict on every decoded inner point. Beside the valid share, two guards against a path that merely snaps
 * from A to B: the share of inner points that are valid and differ from both ends, and the mean number of distinct
 * lines per path.
 *
 * @param pairs                how many paths
 * @param validShare           valid inner points / inner points
 * @param novelValidShare      inner points that are valid and neither A nor B / inner points
 * @param distinctLinesPerPath mean number of different lines among a path's inner points (1 to 9)
 * @param validByRatio         valid share at each inner ratio, in the order of {@link #INNER_RATIOS}
 */
public record SeedScore(int pairs, double validShare, double novelValidShare, double distinctLinesPerPath,
                        double[] validByRatio) {
    public static final double[] INNER_RATIOS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** How many pairs the seed score uses unless told otherwise. */
    public static final int DEFAULT_PAIRS = 64;

    public static SeedScore of(List<JudgedPath> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no paths to score");
        }
        int points = paths.size() * INNER_RATIOS.length;
        int valid = 0;
        int novel = 0;
        int distinct = 0;
        double[] byRatio = new double[INNER_RATIOS.length];
        for (JudgedPath path : paths) {
            for (int r = 0; r < INNER_RATIOS.length; r++) {
                if (path.valid().get(r)) {
                    valid++;
                    byRatio[r] += 1.0 / paths.size();
                }
                if (path.novelValid(r)) {
                    novel++;
                }
            }
            distinct += path.distinctLines();
        }
        return new SeedScore(paths.size(), (double) valid / points, (double) novel / points,
                (double) distinct / paths.size(), byRatio);
    }

    /**
     * Up to {@code count} pairs of held-out lines, spread evenly over the whole list: pair k is the lines at
     * {@code 2k·s} and {@code (2k+1)·s} with stride {@code s = max(1, n / 2·count)}. Fixed for a list, so checkpoints
     * and runs compare.
     */
    public static List<LinePair> heldOutPairs(List<String> lines, int count) {
        List<LinePair> pairs = new ArrayList<>();
        int stride = Math.max(1, lines.size() / Math.max(1, 2 * count));
        for (int k = 0; k < count && (2 * k + 1) * stride < lines.size(); k++) {
            pairs.add(new LinePair(lines.get(2 * k * stride), lines.get((2 * k + 1) * stride)));
        }
        return pairs;
    }
}
