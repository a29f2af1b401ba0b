package tvae.deploy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import tvae.data.CorpusItem;
import tvae.decode.VaeModel;
import tvae.data.PreparedDataset;
import tvae.events.EventJson;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;
import tvae.quality.ProbeSet;
import tvae.syntax.PythonSyntaxChecker;

/**
 * The evaluator's latent probe run in this process, so {@code tvae train} and {@code tvae score} print the same numbers
 * the dashboard shows for a checkpoint: the same labelled held-out items ({@link ProbeSet}), the same methods and
 * split ({@link ProbeEvaluation}), each accuracy with its 95 % interval.
 */
record LatentProbeReport(String probeSet, int items, List<ProbeScore> scores) {
    /** Items encoded per call: the evaluation suite's chunk. */
    private static final int CHUNK = 64;

    /** Probes the first {@code maxItems} labelled held-out items; {@code syntax} labels Python lines (null otherwise). */
    static LatentProbeReport measure(VaeModel model, PreparedDataset data, int maxItems, PythonSyntaxChecker syntax) {
        List<CorpusItem> labelled = ProbeSet.of(data, syntax).stream().limit(maxItems).toList();
        float[][][] codes = new float[labelled.size()][][];
        for (int from = 0; from < labelled.size(); from += CHUNK) {       // 2 000 digits at once would not fit in memory
            float[][][] chunk = model.encode(labelled.subList(from, Math.min(labelled.size(), from + CHUNK)).stream()
                    .map(CorpusItem::text).toList());
            System.arraycopy(chunk, 0, codes, from, chunk.length);
        }
        List<ProbeItem> items = ProbeSet.items(labelled, codes);
        String name = ProbeSet.name(data);
        List<ProbeScore> scores = items.isEmpty() ? List.of()
                : ProbeEvaluation.evaluate(ProbeLatents.of("local", "local", name, items));
        return new LatentProbeReport(name, items.size(), scores);
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nlatent probe (%s, %d held-out items):%n", probeSet, items);
        for (ProbeScore score : scores) {
            out.printf(Locale.ROOT, "  %-22s %6.1f %%  [%.1f-%.1f]  %d train / %d test, %d classes (%s split)%n", score.method(),
                    100 * score.accuracy(), 100 * score.ciLow(), 100 * score.ciHigh(), score.trainSize(), score.testSize(),
                    score.classes(), score.split());
        }
    }

    ArrayNode toJson() {
        return EventJson.mapper().valueToTree(scores);
    }
}
