package tvae.deploy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import tvae.decode.VaeModel;
import tvae.events.DatasetKind;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.events.EventJson;
import tvae.events.SampleEdit;
import tvae.judge.DigitJudge;
import tvae.judge.DigitJudgement;
import tvae.quality.EditPlan;
import tvae.quality.SharedNames;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * The evaluation suite's semantic edits run in this process: the same plan ({@link EditPlan}: inputs, learnt and random
 * directions) on the same labelled codes, decoded the same ways, and each decoded output judged as the evaluator's view
 * {@code edit_outcomes} judges it: an edited line reaches its target when it parses and CPython names the target
 * statement kind, an edited digit when the digit judge is sure ({@link DigitJudgement#plausible}) of the target digit.
 * At the suite's strength the pooled shares are the dashboard's {@code edit_success} and {@code edit_random_baseline};
 * other strengths show where the edits land as they go further.
 */
record EditReport(boolean lines, List<Cell> cells) {
    /** Edits decoded per call: a grid's worth, like the suite's jobs, so a beam of 16 stays small in memory. */
    private static final int CHUNK = 12;

    /**
     * One strength, decoding, ordered label pair and direction kind: how many edits, how many reached the target, how
     * many of those (lines only) kept their input's names ({@link SharedNames#kept}), and how many outputs the judge
     * still gave the input's own label (the edit did not move it far enough).
     */
    record Cell(double strength, DecodingStrategy decoding, String from, String to, EditDirection direction, int edits,
                int reached, int reachedKeepingNames, int keptSource) {
        Cell plus(Cell other) {
            return new Cell(strength, decoding, from, to, direction, edits + other.edits, reached + other.reached,
                    reachedKeepingNames + other.reachedKeepingNames, keptSource + other.keptSource);
        }
    }

    /** What the judge said of one decoded output: its label (null: none, e.g. a line that does not parse), and if it counts. */
    record Outcome(String label, boolean reachedTarget, boolean keptNames) {
        /**
         * An edited line counts when it parses and CPython names the target statement kind; it kept its input when it
         * also holds enough of the input's names ({@link SharedNames#kept}).
         */
        static Outcome ofLine(String input, String output, Verdict verdict, String target) {
            String kind = verdict.statement();                          // null unless the line parses
            return new Outcome(kind, verdict.isValid() && target.equals(kind),
                    SharedNames.kept(input, output));
        }

        /** An edited digit counts when the judge is sure of it ({@link DigitJudgement#plausible}) and it is the target. */
        static Outcome ofDigit(DigitJudgement judgement, String target) {
            String digit = String.valueOf(judgement.digit());
            return new Outcome(digit, judgement.plausible() && digit.equals(target), false);
        }
    }

    /**
     * @param syntax CPython, for Python lines (guided decoding and the judge); null otherwise
     * @param digits the digit judge, for digits; null otherwise
     */
    static EditReport measure(VaeModel model, DatasetKind kind, LabelledCodes labelled, int perPair, List<Double> strengths,
                              PythonSyntaxChecker syntax, DigitJudge digits) {
        List<Cell> cells = new ArrayList<>();
        for (double strength : strengths) {
            List<EditPlan.Edit> edits = EditPlan.of(labelled.items(), labelled.codes(), perPair, strength);
            for (DecodingStrategy decoding : EditPlan.decodings(kind)) {
                List<String> decoded = decode(model, edits, decoding, syntax);
                cells.addAll(tally(strength, decoding, edits, judged(edits, decoded, syntax, digits)));
            }
        }
        return new EditReport(kind == DatasetKind.PYTHON_LINES, cells);
    }

    /** The outcomes counted per ordered label pair and direction kind ({@link Cell}), in the plan's order. */
    static List<Cell> tally(double strength, DecodingStrategy decoding, List<EditPlan.Edit> edits, List<Outcome> outcomes) {
        Map<String, Cell> byPair = new LinkedHashMap<>();
        for (int i = 0; i < edits.size(); i++) {
            SampleEdit edit = edits.get(i).edit();
            Outcome outcome = outcomes.get(i);
            byPair.merge(edit.fromLabel() + "\u0000" + edit.toLabel() + "\u0000" + edit.direction(),
                    new Cell(strength, decoding, edit.fromLabel(), edit.toLabel(), edit.direction(), 1,
                            outcome.reachedTarget() ? 1 : 0, outcome.reachedTarget() && outcome.keptNames() ? 1 : 0,
                            edit.fromLabel().equals(outcome.label()) ? 1 : 0),
                    Cell::plus);
        }
        return List.copyOf(byPair.values());
    }

    private static List<String> decode(VaeModel model, List<EditPlan.Edit> edits, DecodingStrategy decoding,
                                        PythonSyntaxChecker syntax) {
        DecodingOptions options = EditPlan.options(decoding, EditPlan.GUIDED_BEAM_WIDTH);
        List<String> decoded = new ArrayList<>();
        for (int from = 0; from < edits.size(); from += CHUNK) {
            float[][][] points = edits.subList(from, Math.min(edits.size(), from + CHUNK)).stream()
                    .map(EditPlan.Edit::point).toArray(float[][][]::new);
            decoded.addAll(model.decode(points, options, syntax));          // the judge only serves guided decoding
        }
        return decoded;
    }

    /** Each output judged as the evaluator judges it (view edit_outcomes: judged_label, reached_target). */
    private static List<Outcome> judged(List<EditPlan.Edit> edits, List<String> decoded, PythonSyntaxChecker syntax,
                                        DigitJudge digits) {
        List<Outcome> outcomes = new ArrayList<>();
        if (digits != null) {
            List<DigitJudgement> judged = digits.judgeTexts(decoded);
            for (int i = 0; i < edits.size(); i++) {
                outcomes.add(Outcome.ofDigit(judged.get(i), edits.get(i).edit().toLabel()));
            }
        } else {
            List<Verdict> verdicts = syntax.checkAll(decoded);
            for (int i = 0; i < edits.size(); i++) {
                outcomes.add(Outcome.ofLine(edits.get(i).input(), decoded.get(i), verdicts.get(i), edits.get(i).edit().toLabel()));
            }
        }
        return outcomes;
    }

    /** The share of edits {@code counted} over every label pair of one strength, decoding and direction kind. */
    double pooledShare(double strength, DecodingStrategy decoding, EditDirection direction, ToIntFunction<Cell> counted) {
        int edits = 0;
        int hits = 0;
        for (Cell cell : cells) {
            if (cell.strength() == strength && cell.decoding() == decoding && cell.direction() == direction) {
                edits += cell.edits();
                hits += counted.applyAsInt(cell);
            }
        }
        return edits == 0 ? Double.NaN : hits / (double) edits;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nsemantic edits (the evaluation suite's plan; learnt direction vs a random one of its length):%n");
        out.printf(Locale.ROOT, "  %-8s %-8s %-24s %9s %9s  %15s  %s%n", "strength", "decoding", "pair", "learnt", "random",
                lines ? "kept: l. / r." : "", "learnt outputs still judged the input's label");
        if (lines) {
            out.printf(Locale.ROOT, "  (kept: reached the target and kept at least %.0f %% of the input's names; learnt / random)%n",
                    100 * SharedNames.KEPT);
        }
        List<String> seen = new ArrayList<>();
        for (Cell cell : cells) {
            String group = cell.strength() + "/" + cell.decoding();
            if (!seen.contains(group)) {
                seen.add(group);
                double learnt = pooledShare(cell.strength(), cell.decoding(), EditDirection.LEARNED, Cell::reached);
                double random = pooledShare(cell.strength(), cell.decoding(), EditDirection.RANDOM, Cell::reached);
                double learntKept = pooledShare(cell.strength(), cell.decoding(), EditDirection.LEARNED, Cell::reachedKeepingNames);
                double randomKept = pooledShare(cell.strength(), cell.decoding(), EditDirection.RANDOM, Cell::reachedKeepingNames);
                out.printf(Locale.ROOT, "  %-8s %-8s %-24s %8.1f%% %8.1f%%  %15s  (%s)%n", cell.strength(),
                        cell.decoding().wireName(), "all pairs", 100 * learnt, 100 * random,
                        lines ? String.format(Locale.ROOT, "%.1f%% / %.1f%%", 100 * learntKept, 100 * randomKept) : "",
                        random > 0 ? String.format(Locale.ROOT, "%.1fx", learnt / random) : "random: none");
            }
            if (cell.direction() == EditDirection.LEARNED) {
                Cell random = cells.stream().filter(c -> c.strength() == cell.strength() && c.decoding() == cell.decoding()
                        && c.from().equals(cell.from()) && c.to().equals(cell.to()) && c.direction() == EditDirection.RANDOM)
                        .findFirst().orElseThrow();
                out.printf(Locale.ROOT, "  %-8s %-8s %-24s %4d / %-3d %4d / %-3d %15s  %d%n", "", "", cell.from() + " -> " + cell.to(),
                        cell.reached(), cell.edits(), random.reached(), random.edits(),
                        lines ? cell.reachedKeepingNames() + " / " + random.reachedKeepingNames() : "", cell.keptSource());
            }
        }
    }

    ArrayNode toJson() {
        ArrayNode json = EventJson.mapper().createArrayNode();
        for (Cell cell : cells) {
            ObjectNode row = json.addObject();
            row.put("strength", cell.strength());
            row.put("decoding", cell.decoding().wireName());
            row.put("from", cell.from());
            row.put("to", cell.to());
            row.put("direction", cell.direction().name().toLowerCase(Locale.ROOT));
            row.put("edits", cell.edits());
            row.put("reached", cell.reached());
            row.put("reachedKeepingNames", cell.reachedKeepingNames());
            row.put("keptSource", cell.keptSource());
        }
        return json;
    }
}
