package tvae.deploy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.judge.DigitJudge;
import tvae.judge.DigitJudgement;
import tvae.judge.DigitPath;
import tvae.quality.LinePair;
import tvae.quality.SeedScore;

/**
 * The evaluator's digit numbers for a checkpoint, in this process: the evaluation suite's held-out pairs
 * ({@link SeedScore#heldOutPairs}) at the default ratios, decoded greedily, each point and both inputs seen by the
 * digit judge (the evaluator's, from {@code DATA_CACHE/digit-judge}): the share of inner points it is sure of, and the
 * share of paths without detours ({@link DigitPath}).
 */
record DigitPathReport(List<DigitPath> paths) {
    private static final double[] RATIOS = InterpolationRequested.defaultRatios();

    static DigitPathReport measure(VaeModel model, PreparedDataset data, int pairs, Path dataCache) throws IOException {
        try (DigitJudge judge = openJudge(dataCache)) {
            return measure(model, data, pairs, judge);
        }
    }

    static DigitPathReport measure(VaeModel model, PreparedDataset data, int pairs, DigitJudge judge) {
        List<Double> ratios = Arrays.stream(RATIOS).boxed().toList();
        List<DigitPath> paths = new ArrayList<>();
        for (LinePair pair : SeedScore.heldOutPairs(data.corpus().texts(Split.TEST), pairs)) {
            List<String> texts = new ArrayList<>(List.of(pair.a(), pair.b()));
            texts.addAll(model.interpolate(pair.a(), pair.b(), RATIOS, DecodingOptions.greedy()));
            List<DigitJudgement> verdicts = judge.judgeTexts(texts);
            paths.add(new DigitPath(verdicts.get(0), verdicts.get(1), ratios, verdicts.subList(2, verdicts.size())));
        }
        return new DigitPathReport(paths);
    }

    /** The evaluator's digit judge, from {@code DATA_CACHE/digit-judge} (trained there on first use, with progress). */
    static DigitJudge openJudge(Path dataCache) throws IOException {
        PreparationProgress progress = PreparationProgress.throttled(10_000_000_000L,
                (stage, done, total) -> System.out.println(PreparationProgress.describe(stage, done, total)));
        return DigitJudge.loadOrTrain(dataCache.resolve("digit-judge"), OfficialMnist.locate(), progress);
    }

    double plausibleInnerShare() {
        int inner = paths.stream().mapToInt(DigitPath::innerPoints).sum();
        return inner == 0 ? Double.NaN : paths.stream().mapToInt(DigitPath::plausibleInnerPoints).sum() / (double) inner;
    }

    double withoutDetoursShare() {
        return paths.isEmpty() ? Double.NaN : paths.stream().filter(DigitPath::withoutDetours).count() / (double) paths.size();
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%ndigit judge on %d held-out pairs (greedy): %.1f %% of inner points plausible (judge sure "
                + "at >= %.1f), %.1f %% of paths without detours%n", paths.size(), 100 * plausibleInnerShare(),
                DigitJudgement.PLAUSIBLE_CONFIDENCE, 100 * withoutDetoursShare());
        for (DigitPath path : paths.subList(0, Math.min(8, paths.size()))) {
            out.printf(Locale.ROOT, "  %d -> %d: %s%s%n", path.from().digit(), path.to().digit(), path.judgedDigits(),
                    path.withoutDetours() ? "" : "  (detour)");
        }
    }

    ObjectNode toJson() {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("pairs", paths.size());
        json.put("plausibleInnerShare", plausibleInnerShare());
        json.put("withoutDetoursShare", withoutDetoursShare());
        json.set("judgedDigits", EventJson.mapper().valueToTree(paths.stream().map(DigitPath::judgedDigits).toList()));
        return json;
    }
}
