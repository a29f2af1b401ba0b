package tvae.quality;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.Mixing;
import tvae.syntax.PythonSyntaxChecker;

/**
 * A python-lines checkpoint's quality by the one protocol: the seed score (raw greedy decoding, linear and slerp
 * mixing) on held-out pairs of its own corpus and on pairs of lines from outside it, and how many outside lines it
 * reconstructs exactly. {@code tvae train} and {@code tvae score} print it and write it as JSON.
 *
 * @param scores               "held-out linear", "held-out slerp", "held-out guided" (linear mixing) and the same for
 *                             "outside" → score; raw greedy decoding except "guided"
 * @param seconds              the same keys → seconds spent decoding and judging (the cost of guided vs greedy)
 * @param beamWidth            the guided decoding's beam width
 * @param outsideLines         how many outside-corpus lines were available
 * @param outsideExactMatch    exact reconstructions among the first {@link #RECONSTRUCTED} outside lines
 */
public record QualityReport(Map<String, SeedScore> scores, Map<String, Double> seconds, int beamWidth, int outsideLines,
                            double outsideExactMatch) {
    /** Outside lines reconstructed for the exact-match share. */
    public static final int RECONSTRUCTED = 256;

    public static QualityReport measure(VaeModel model, PreparedDataset data, int pairs, int beamWidth, Path dataCache,
                                        PythonSyntaxChecker syntax) throws IOException {
        List<String> outside = OutsideCorpusLines.from(OutsideCorpusLines.PYGMENTS,
                data.corpus().texts(Split.TRAIN), model.tokenizer(), model.config().maxLength(), dataCache);
        Map<String, List<LinePair>> sets = new LinkedHashMap<>();
        sets.put("held-out", SeedScore.heldOutPairs(data.corpus().texts(Split.TEST), pairs));
        sets.put("outside", SeedScore.heldOutPairs(outside, pairs));
        Map<String, DecodingOptions> decodings = new LinkedHashMap<>();
        decodings.put("linear", new DecodingOptions(DecodingStrategy.GREEDY, Mixing.LINEAR, null, null, null));
        decodings.put("slerp", new DecodingOptions(DecodingStrategy.GREEDY, Mixing.SLERP, null, null, null));
        decodings.put("guided", new DecodingOptions(DecodingStrategy.GUIDED, Mixing.LINEAR, null, null, null, beamWidth));
        Map<String, SeedScore> scores = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        sets.forEach((set, linePairs) -> decodings.forEach((name, options) -> {
            long started = System.nanoTime();
            scores.put(set + " " + name, SeedScore.of(PathJudge.judge(model, syntax, linePairs, options)));
            seconds.put(set + " " + name, (System.nanoTime() - started) / 1e9);
        }));
        List<String> sources = outside.subList(0, Math.min(RECONSTRUCTED, outside.size()));
        List<String> decoded = model.decode(model.encode(sources), DecodingOptions.greedy());
        long exact = java.util.stream.IntStream.range(0, sources.size()).filter(i -> sources.get(i).equals(decoded.get(i))).count();
        return new QualityReport(scores, seconds, beamWidth, outside.size(), sources.isEmpty() ? 0 : (double) exact / sources.size());
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nseed score (inner ratios 0.1-0.9, CPython; greedy with linear or slerp mixing, guided = "
                + "beam %d + constraint + CPython pruning and pick, linear):%n", beamWidth);
        out.printf(Locale.ROOT, "  %-16s %6s %8s %8s %9s %8s   valid by ratio 0.1 ... 0.9%n", "set, decoding", "pairs",
                "valid", "novel", "distinct", "seconds");
        scores.forEach((name, score) -> {
            StringBuilder byRatio = new StringBuilder();
            for (double share : score.validByRatio()) {
                byRatio.append(String.format(Locale.ROOT, " %3.0f", 100 * share));
            }
            out.printf(Locale.ROOT, "  %-16s %6d %7.1f%% %7.1f%% %9.2f %8.1f  %s%n", name, score.pairs(),
                    100 * score.validShare(), 100 * score.novelValidShare(), score.distinctLinesPerPath(), seconds.get(name),
                    byRatio);
        });
        out.printf(Locale.ROOT, "outside-corpus lines (%s, not in the training split): %d; exact reconstructions of the "
                + "first %d: %.1f %%%n", OutsideCorpusLines.PYGMENTS, outsideLines, Math.min(RECONSTRUCTED, outsideLines),
                100 * outsideExactMatch);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode scoresNode = json.putObject("seedScores");
        scores.forEach((name, score) -> {
            ObjectNode node = scoresNode.putObject(name);
            node.put("pairs", score.pairs());
            node.put("validShare", score.validShare());
            node.put("novelValidShare", score.novelValidShare());
            node.put("distinctLinesPerPath", score.distinctLinesPerPath());
            node.put("seconds", seconds.get(name));
            ArrayNode byRatio = node.putArray("validByRatio");
            for (double share : score.validByRatio()) {
                byRatio.add(share);
            }
        });
        json.put("guidedBeamWidth", beamWidth);
        json.put("outsideLines", outsideLines);
        json.put("outsideExactMatch", outsideExactMatch);
        return json;
    }
}
