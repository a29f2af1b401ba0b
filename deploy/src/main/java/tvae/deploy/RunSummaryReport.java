package tvae.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tvae.events.InterpolationRequested;
import tvae.quality.EditPlan;
import tvae.quality.SeedScore;

/**
 * What the evaluator made of a run's checkpoint, read from its REST API the way a user would: waits until the
 * checkpoint's reconstructions, interpolations and probe are all recorded, then prints the summary table, the first
 * pair's interpolation table and the table of the pair with the most new valid lines.
 */
final class RunSummaryReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ServiceProcess evaluator;

    RunSummaryReport(ServiceProcess evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * Interpolation points of one checkpoint's evaluation suite: the seed score's pairs at the default ratios (the
     * launcher starts the inference service with {@code tvae.evaluation.pairs} set to the same number).
     */
    static final int SUITE_POINTS = SeedScore.DEFAULT_PAIRS * InterpolationRequested.defaultRatios().length;

    /**
     * The run's summary row once its newest checkpoint is {@code checkpointId} and every number of it is in: the shares
     * are over the whole interpolation grid, not over the points that happened to be stored first.
     */
    JsonNode awaitComplete(String runId, String checkpointId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode summary = null;
        while (System.nanoTime() < deadline) {
            JsonNode rows = get("/api/runs/" + runId + "/summary");
            summary = rows.isArray() && !rows.isEmpty() ? rows.get(0) : rows;
            if (checkpointId.equals(summary.path("latest_checkpoint_id").asText())
                    && (innerShareField(summary) == null || isSet(summary, innerShareField(summary)))
                    && isSet(summary, "probe_accuracy") && isSet(summary, "reconstruction_exact")
                    && summary.path("interpolation_points").asLong() >= SUITE_POINTS
                    && (innerShareField(summary) == null || summary.path("edit_samples").asLong() >= suiteEdits(summary))) {
                return summary;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the evaluator had not recorded everything of " + checkpointId + " within " + timeout
                + "; last summary: " + summary);
    }

    /**
     * Edit samples of one checkpoint's suite on a dataset with a judge ({@link EditPlan}): every ordered pair of the
     * commonest labels, tvae.evaluation.edits-per-pair inputs each (its default), moved learnt and at random, and
     * decoded greedy, and Python lines syntax-guided as well.
     */
    static final int SUITE_EDITS = EditPlan.LABELS * (EditPlan.LABELS - 1) * EditPlan.EDITS_PER_PAIR * 2;

    static long suiteEdits(JsonNode summary) {
        return "python-lines".equals(summary.path("dataset").asText()) ? 2 * SUITE_EDITS : SUITE_EDITS;
    }

    void print(JsonNode summary) throws IOException, InterruptedException {
        String checkpointId = summary.path("latest_checkpoint_id").asText();
        System.out.println();
        System.out.println("Summary of " + summary.path("run_id").asText() + " at " + checkpointId + " (evaluator view run_summary)");
        row("training token accuracy (held-out, teacher-forced)", summary.path("training_token_accuracy"));
        row("reconstruction exact match (held-out)", summary.path("reconstruction_exact"));
        row("reconstruction character accuracy", summary.path("reconstruction_char_accuracy"));
        boolean digits = "mnist".equals(summary.path("dataset").asText());
        if (digits) {
            row("plausible inner interpolation points (digit judge >= 0.9)", summary.path("digit_plausible_share"));
            row("paths from A's digit to B's without detours", summary.path("digit_paths_without_detours"));
        } else if ("interpolation_valid_share".equals(innerShareField(summary))) {   // free text has no validity rule
            row("valid inner interpolation points, 0.1-0.9 (CPython)", summary.path("interpolation_valid_share"));
            row("  of them new lines (neither end of the pair)", summary.path("interpolation_novel_share"));
        }
        System.out.printf("    (over the inner points of %d interpolation points stored)%n", summary.path("interpolation_points").asLong());
        System.out.printf("  %-52s %s%n", "probe accuracy, linear SVM on latents [95 % interval]", percent(summary.path("probe_accuracy"))
                + (isSet(summary, "probe_ci_low") ? String.format(" [%.1f-%.1f]", 100 * summary.path("probe_ci_low").asDouble(),
                        100 * summary.path("probe_ci_high").asDouble()) : ""));
        if (digits) {
            row("probe baseline, linear SVM on the pixels", summary.path("probe_pixel_baseline"));
        } else {
            row("probe baseline, TF-IDF linear SVM on text", summary.path("probe_bow_baseline"));
        }
        row("probe baseline, majority class", summary.path("probe_majority_baseline"));
        if (isSet(summary, "edit_success")) {
            printEdits(summary, get("/api/checkpoints/" + checkpointId + "/edits"));
        }

        JsonNode tables = get("/api/checkpoints/" + checkpointId + "/interpolations");
        if (digits) {
            printDigitPaths(tables);
        } else if (tables.isArray() && !tables.isEmpty()) {
            JsonNode first = tables.get(0);
            printTable("Interpolation, the first of " + tables.size() + " held-out pairs", first);
            JsonNode mostNew = first;
            for (JsonNode pair : tables) {
                if (newValidLines(pair) > newValidLines(mostNew)) {
                    mostNew = pair;
                }
            }
            if (mostNew != first) {
                printTable("The pair with the most new valid lines (" + newValidLines(mostNew) + " of its inner points)", mostNew);
            }
        }
    }

    /** Edit success over all label pairs against the random-direction baseline, then pair by pair. */
    private static void printEdits(JsonNode summary, JsonNode pairs) {
        row("semantic edits reaching their target (learnt direction)", summary.path("edit_success"));
        row("  baseline: random direction of the same length", summary.path("edit_random_baseline"));
        boolean guided = isSet(summary, "guided_edit_success");
        if (guided) {
            row("semantic edits, syntax-guided decoding", summary.path("guided_edit_success"));
            row("  baseline: random direction, guided", summary.path("guided_edit_random_baseline"));
        }
        if (isSet(summary, "guided_edit_success_keeping_names")) {
            row("guided edits that also kept their input's names", summary.path("guided_edit_success_keeping_names"));
            row("  baseline: random direction, guided", summary.path("guided_edit_random_keeping_names"));
        }
        for (JsonNode pair : pairs) {
            System.out.printf("    %-18s learnt %-18s random %-18s%s%n", pair.path("edit_from").asText() + " -> " + pair.path("edit_to").asText(),
                    counts(pair.path("learned")), counts(pair.path("random")), guided ? "guided: learnt "
                            + counts(pair.path("guided_learned")) + ", random " + counts(pair.path("guided_random")) : "");
        }
    }

    private static String counts(JsonNode counts) {
        return counts.isMissingNode() ? "n/a" : counts.path("reached").asLong() + "/" + counts.path("edits").asLong()
                + " (" + percent(counts.path("success_share")) + ")";
    }

    /** The digits the judge sees along the first pairs' paths (the pictures are on the dashboard). */
    private static void printDigitPaths(JsonNode tables) {
        System.out.println();
        System.out.println("Digit judge along the first held-out pairs (A's digit -> B's digit: the digit at each ratio 0..1):");
        for (int p = 0; p < Math.min(8, tables.size()); p++) {
            JsonNode pair = tables.get(p);
            System.out.printf("  %s -> %s: %-21s %s%n", pair.path("from_digit").asText("?"), pair.path("to_digit").asText("?"),
                    pair.path("judged_digits").asText(), pair.path("without_detours").asBoolean(false) ? "no detours" : "detour");
        }
    }

    /** The share that measures inner interpolation points for the run's dataset, or null when it has none (free text). */
    private static String innerShareField(JsonNode summary) {
        return switch (summary.path("dataset").asText()) {
            case "python-lines" -> "interpolation_valid_share";
            case "mnist" -> "digit_plausible_share";
            default -> null;
        };
    }

    private static boolean isSet(JsonNode summary, String field) {
        return summary.has(field) && !summary.path(field).isNull();
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format("%.1f %%", 100 * value.asDouble()) : "n/a";
    }

    /** One path: ratio, CPython's verdict, whether the line is new (neither end), the line. */
    private static void printTable(String title, JsonNode pair) {
        System.out.println();
        System.out.println(title + ", " + pair.path("pair_id").asText() + ":");
        System.out.println("  A: " + pair.path("input_a").asText());
        System.out.println("  B: " + pair.path("input_b").asText());
        for (JsonNode point : pair.path("points")) {
            JsonNode valid = point.path("valid");
            System.out.printf("  %4.1f  %-7s %-3s  %s%n", point.path("ratio").asDouble(),
                    valid.isBoolean() ? (valid.asBoolean() ? "valid" : "invalid") : "?", isNew(pair, point) ? "new" : "",
                    point.path("text").asText());
        }
    }

    private static long newValidLines(JsonNode pair) {
        long count = 0;
        for (JsonNode point : pair.path("points")) {
            double ratio = point.path("ratio").asDouble();
            if (ratio > 0 && ratio < 1 && point.path("valid").asBoolean(false) && isNew(pair, point)) {
                count++;
            }
        }
        return count;
    }

    /** Neither end of the pair, compared exactly as the seed score and the evaluator's views compare. */
    private static boolean isNew(JsonNode pair, JsonNode point) {
        String text = point.path("text").asText();
        return !text.equals(pair.path("input_a").asText()) && !text.equals(pair.path("input_b").asText());
    }

    private static void row(String name, JsonNode value) {
        System.out.printf("  %-52s %s%n", name, percent(value));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(evaluator.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
