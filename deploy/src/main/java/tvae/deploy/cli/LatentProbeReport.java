package tvae.deploy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import tvae.events.EventJson;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;
import tvae.quality.ProbeSet;

/**
 * The evaluator's latent probe run in this process, so {@code tvae train} and {@code tvae score} print the same numbers
 * the dashboard shows for a checkpoint: the same labelled held-out items ({@link ProbeSet}), the same methods and
 * split ({@link ProbeEvaluation}), each accuracy with its 95 % interval.
 */
record LatentProbeReport(String probeSet, int items, List<ProbeScore> scores) {
    /** Probes the labelled items on their codes. */
    static LatentProbeReport measure(LabelledCodes labelled) {
        List<ProbeItem> items = ProbeSet.items(labelled.items(), labelled.codes());
        List<ProbeScore> scores = items.isEmpty() ? List.of()
                : ProbeEvaluation.evaluate(ProbeLatents.of("local", "local", labelled.probeSet(), items));
        return new LatentProbeReport(labelled.probeSet(), items.size(), scores);
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
