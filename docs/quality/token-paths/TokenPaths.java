import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.*;
import tvae.checkpoint.Checkpoint;
import tvae.data.*;
import tvae.decode.*;
import tvae.events.*;
import tvae.quality.*;
import tvae.syntax.*;

/**
 * Issue 13 experiment: paths that move the latent tokens one after another instead of all at once, scored by the seed
 * score's protocol (64 held-out pairs, inner ratios 0.1-0.9, CPython, greedy decoding).
 */
public class TokenPaths {
    interface Scheme { float[][] point(float[][] a, float[][] b, double r); }

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path cache = Path.of("run/data-cache");
        JsonNode manifest = Checkpoint.readManifest(checkpoint);
        PreparedDataset data = Datasets.prepare(EventJson.mapper().treeToValue(manifest.path("dataset"), DatasetSpec.class), cache);
        List<LinePair> pairs = SeedScore.heldOutPairs(data.corpus().texts(Split.TEST), SeedScore.DEFAULT_PAIRS);
        Map<String, Scheme> schemes = new LinkedHashMap<>();
        schemes.put("linear (all tokens at once)", (a, b, r) -> LatentMixing.mix(a, b, r, Mixing.LINEAR));
        schemes.put("token by token, head first", (a, b, r) -> sequential(a, b, r, false));
        schemes.put("token by token, head last", (a, b, r) -> sequential(a, b, r, true));
        schemes.put("head switches at 0.5, rest linear", (a, b, r) -> {
            float[][] p = LatentMixing.mix(a, b, r, Mixing.LINEAR);
            p[0] = (r < 0.5 ? a[0] : b[0]).clone();
            return p;
        });
        schemes.put("nearest end (snap, for reference)", (a, b, r) -> (r < 0.5 ? a : b));
        try (VaeModel model = VaeModel.load(checkpoint, ai.djl.Device.cpu()); PythonSyntaxChecker syntax = PythonSyntaxChecker.start()) {
            float[][][] ends = new float[pairs.size() * 2][][];
            List<String> texts = new ArrayList<>();
            pairs.forEach(p -> { texts.add(p.a()); texts.add(p.b()); });
            for (int from = 0; from < texts.size(); from += 64) {
                float[][][] codes = model.encode(texts.subList(from, Math.min(texts.size(), from + 64)));
                System.arraycopy(codes, 0, ends, from, codes.length);
            }
            System.out.printf("%s, %d pairs, inner ratios 0.1-0.9, greedy, CPython%n", checkpoint, pairs.size());
            System.out.printf("%-36s %7s %7s %9s   valid by ratio 0.1 ... 0.9%n", "path", "valid", "novel", "distinct");
            for (Map.Entry<String, Scheme> scheme : schemes.entrySet()) {
                List<float[][]> points = new ArrayList<>();
                for (int p = 0; p < pairs.size(); p++) {
                    for (double r : SeedScore.INNER_RATIOS) {
                        points.add(scheme.getValue().point(ends[2 * p], ends[2 * p + 1], r));
                    }
                }
                List<JudgedPath> paths = PathJudge.judge(model, syntax, pairs, points, DecodingOptions.greedy());
                int n = SeedScore.INNER_RATIOS.length;
                SeedScore score = SeedScore.of(paths);
                StringBuilder byRatio = new StringBuilder();
                for (double share : score.validByRatio()) byRatio.append(String.format(Locale.ROOT, " %3.0f", 100 * share));
                System.out.printf(Locale.ROOT, "%-36s %6.1f%% %6.1f%% %9.2f  %s%n", scheme.getKey(), 100 * score.validShare(),
                        100 * score.novelValidShare(), score.distinctLinesPerPath(), byRatio);
                if (scheme.getKey().startsWith("token by token, head first")) {
                    for (int p = 0; p < 3; p++) {
                        System.out.printf("    %s  ->  %s%n", pairs.get(p).a(), pairs.get(p).b());
                        for (int i = 0; i < n; i++) System.out.printf("      %.1f %s %s%n", SeedScore.INNER_RATIOS[i],
                                paths.get(p).valid().get(i) ? "ok " : "BAD", paths.get(p).inner().get(i));
                    }
                }
            }
        }
    }

    /** Token t moves from A to B while r goes from t/L to (t+1)/L (tokens reversed when headLast). */
    static float[][] sequential(float[][] a, float[][] b, double r, boolean headLast) {
        int tokens = a.length;
        float[][] out = new float[tokens][];
        for (int t = 0; t < tokens; t++) {
            int order = headLast ? tokens - 1 - t : t;
            double own = Math.max(0, Math.min(1, r * tokens - order));
            out[t] = LatentMixing.mix(new float[][] {a[t]}, new float[][] {b[t]}, own, Mixing.LINEAR)[0];
        }
        return out;
    }
}
