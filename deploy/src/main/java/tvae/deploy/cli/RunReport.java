package tvae.deploy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tvae.events.EventJson;
import tvae.model.TransformerVaeConfig;
import tvae.quality.QualityReport;
import tvae.train.TrainingOptions;

/**
 * What a {@code tvae train} run measured, as JSON for {@code docs/quality/}: the command and commit that made it, the
 * model and training config, how far it got, held-out autoencoding, the {@link QualityReport} or the {@link DigitPathReport}, and the latent probe.
 */
final class RunReport {
    private RunReport() {
    }

    static void write(Path file, String commandLine, String commit, TransformerVaeConfig config, TrainingOptions training,
                      long steps, double minutes, Map<String, Double> evaluation, QualityReport quality,
                      LatentProbeReport probe, DigitPathReport digits) throws IOException {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("command", "./tvae train " + commandLine);
        json.put("commit", commit);
        json.set("config", EventJson.mapper().valueToTree(config));
        json.set("training", EventJson.mapper().valueToTree(training));
        json.put("steps", steps);
        json.put("minutes", minutes);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        evaluation.forEach(json::put);
        if (quality != null) {
            json.setAll(quality.toJson());
        }
        if (digits != null) {
            json.set("digitPaths", digits.toJson());
        }
        if (probe != null) {
            json.set("probe", probe.toJson());
        }
        writeJson(file, json);
    }

    /** Writes a report file, pretty-printed, creating its directory: {@code tvae train} and {@code tvae score} both. */
    static void writeJson(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /**
     * The checked-out commit, marked dirty when the work tree has changes; "unknown" outside a git checkout. Taken when
     * the run starts: the code that trains is the code of that moment.
     */
    static String commit() {
        try {
            Process head = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return head.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
