package tvae.quality;

import java.util.ArrayList;
import java.util.List;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * Decodes the inner points of interpolation paths with a model and has CPython judge every line: what SeedScore
 * scores. Guided decoding asks the same CPython workers to prune its beam and pick among its candidates.
 */
public final class PathJudge {
    /** Latent points decoded per call: large enough to keep the device busy, small enough to bound memory. */
    private static final int POINTS_PER_CALL = 144;

    private PathJudge() {
    }

    public static List<JudgedPath> judge(VaeModel model, PythonSyntaxChecker syntax, List<LinePair> pairs,
                                         DecodingOptions options) {
        List<float[][]> points = new ArrayList<>();
        for (LinePair pair : pairs) {
            points.addAll(List.of(model.interpolationPoints(pair.a(), pair.b(), SeedScore.INNER_RATIOS, options.mixing())));
        }
        return judge(model, syntax, pairs, points, options);
    }

    /**
     * As {@link #judge(VaeModel, PythonSyntaxChecker, List, DecodingOptions)}, for paths whose latent points the caller
     * made (other paths than mixing, e.g. docs/quality/token-paths): {@link SeedScore#INNER_RATIOS} points per pair,
     * pair after pair.
     */
    public static List<JudgedPath> judge(VaeModel model, PythonSyntaxChecker syntax, List<LinePair> pairs, List<float[][]> points,
                                         DecodingOptions options) {
        if (points.size() != pairs.size() * SeedScore.INNER_RATIOS.length) {
            throw new IllegalArgumentException(SeedScore.INNER_RATIOS.length + " points per pair, got " + points.size()
                    + " for " + pairs.size() + " pairs");
        }
        List<String> lines = new ArrayList<>();
        for (int from = 0; from < points.size(); from += POINTS_PER_CALL) {
            lines.addAll(model.decode(points.subList(from, Math.min(points.size(), from + POINTS_PER_CALL))
                    .toArray(float[][][]::new), options, syntax));
        }
        List<Verdict> verdicts = syntax.checkAll(lines);
        int n = SeedScore.INNER_RATIOS.length;
        List<JudgedPath> paths = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            paths.add(new JudgedPath(pairs.get(p), lines.subList(p * n, (p + 1) * n),
                    verdicts.subList(p * n, (p + 1) * n).stream().map(Verdict::isValid).toList()));
        }
        return paths;
    }
}
