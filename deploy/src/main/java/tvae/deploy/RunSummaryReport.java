package tvae.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the evaluator made of a run's checkpoint, read from its REST API the way a user would: waits until the
 * checkpoint's reconstructions, interpolations and probe are all recorded, then prints the summary table and one
 * interpolation table.
 */
final class RunSummaryReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ServiceProcess evaluator;

    RunSummaryReport(ServiceProcess evaluator) {
        this.evaluator = evaluator;
    }

    /** The run's summary row once its newest checkpoint is {@code checkpointId} and every number of it is in. */
    JsonNode awaitComplete(String runId, String checkpointId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode summary = null;
        while (System.nanoTime() < deadline) {
            JsonNode rows = get("/api/runs/" + runId + "/summary");
            summary = rows.isArray() && !rows.isEmpty() ? rows.get(0) : rows;
            if (checkpointId.equals(summary.path("latest_checkpoint_id").asText())
                    && !summary.path("interpolation_valid_share").isNull() && summary.has("interpolation_valid_share")
                    && !summary.path("probe_accuracy").isNull() && summary.has("probe_accuracy")
                    && !summary.path("reconstruction_exact").isNull() && summary.has("reconstruction_exact")) {
                return summary;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the evaluator had not recorded everything of " + checkpointId + " within " + timeout
                + "; last summary: " + summary);
    }

    void print(JsonNode summary) throws IOException, InterruptedException {
        String checkpointId = summary.path("latest_checkpoint_id").asText();
        System.out.println();
        System.out.println("Summary of " + summary.path("run_id").asText() + " at " + checkpointId + " (evaluator view run_summary)");
        row("training token accuracy (held-out, teacher-forced)", summary.path("training_token_accuracy"));
        row("reconstruction exact match (held-out)", summary.path("reconstruction_exact"));
        row("reconstruction character accuracy", summary.path("reconstruction_char_accuracy"));
        row("valid inner interpolation points, 0.1-0.9 (CPython)", summary.path("interpolation_valid_share"));
        row("probe accuracy, linear SVM on latents", summary.path("probe_accuracy"));
        row("probe baseline, TF-IDF linear SVM on text", summary.path("probe_bow_baseline"));
        row("probe baseline, majority class", summary.path("probe_majority_baseline"));

        JsonNode tables = get("/api/checkpoints/" + checkpointId + "/interpolations");
        if (tables.isArray() && !tables.isEmpty()) {
            JsonNode pair = tables.get(0);
            System.out.println();
            System.out.println("Interpolation, pair " + pair.path("pair_id").asText() + ":");
            System.out.println("  A: " + pair.path("input_a").asText());
            System.out.println("  B: " + pair.path("input_b").asText());
            for (JsonNode point : pair.path("points")) {
                System.out.printf("  %4.1f  %-5s  %s%n", point.path("ratio").asDouble(),
                        point.path("valid").isBoolean() ? (point.path("valid").asBoolean() ? "valid" : "-") : "?",
                        point.path("text").asText());
            }
        }
    }

    private static void row(String name, JsonNode value) {
        System.out.printf("  %-52s %s%n", name, value.isNumber() ? String.format("%.1f %%", 100 * value.asDouble()) : "n/a");
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
