package tvae.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import tvae.checkpoint.Checkpoint;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.quality.QualityReport;
import tvae.quality.SeedScore;
import tvae.syntax.PythonSyntaxChecker;

/**
 * {@code tvae score CHECKPOINT [--pairs N] [--beam-width K] [--probe-items N] [--report FILE.json] [--data-cache DIR]}:
 * without training, on the data set its manifest names, the {@link QualityReport} of a python-lines checkpoint (guided
 * decoding with beams of K, default {@value DecodingOptions#DEFAULT_BEAM_WIDTH}) and the latent probe of any
 * checkpoint ({@link LatentProbeReport}, N labelled held-out items, default 2000, 0 for none).
 */
public final class ScoreCommand {
    private static final String USAGE = "usage: tvae score CHECKPOINT.zip [--pairs N] [--beam-width K] [--probe-items N] [--report FILE.json] "
            + "[--data-cache DIR]";

    private ScoreCommand() {
    }

    public static void main(String[] args) throws IOException {
        Path checkpoint = null;
        Path report = null;
        Path dataCache = Path.of("run/data-cache");
        int pairs = SeedScore.DEFAULT_PAIRS;
        int beamWidth = DecodingOptions.DEFAULT_BEAM_WIDTH;
        int probeItems = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--beam-width" -> beamWidth = Integer.parseInt(args[++i]);
                case "--probe-items" -> probeItems = Integer.parseInt(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--data-cache" -> dataCache = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> checkpoint = Path.of(args[i]);
            }
        }
        if (checkpoint == null || beamWidth < 1 || beamWidth > DecodingOptions.MAX_BEAM_WIDTH || probeItems < 0) {
            System.err.println(USAGE + "\n  (--beam-width: 1 to " + DecodingOptions.MAX_BEAM_WIDTH + "; --probe-items: 0 or more)");
            System.exit(2);
        }
        JsonNode manifest = Checkpoint.readManifest(checkpoint);
        PreparedDataset data = Datasets.prepare(EventJson.mapper().treeToValue(manifest.path("dataset"), DatasetSpec.class),
                dataCache);
        boolean python = data.kind() == DatasetKind.PYTHON_LINES;
        try (VaeModel model = VaeModel.load(checkpoint, DeviceChoice.resolve("auto"));
             PythonSyntaxChecker syntax = python ? PythonSyntaxChecker.start() : null) {
            System.out.printf("%s: step %d, %s%n", checkpoint, model.step(), model.metrics());
            ObjectNode json = EventJson.mapper().createObjectNode();
            json.put("command", "./tvae score " + String.join(" ", args));
            json.put("checkpoint", checkpoint.toString());
            json.put("steps", model.step());
            model.metrics().forEach(json::put);
            if (python) {
                QualityReport quality = QualityReport.measure(model, data, pairs, beamWidth, dataCache, syntax);
                quality.print(System.out);
                json.setAll(quality.toJson());
            }
            if (data.kind() == DatasetKind.MNIST && pairs > 0) {
                DigitPathReport digits = DigitPathReport.measure(model, data, pairs, dataCache);
                digits.print(System.out);
                json.set("digitPaths", digits.toJson());
            }
            if (probeItems > 0) {
                LatentProbeReport probe = LatentProbeReport.measure(model, data, probeItems, syntax);
                probe.print(System.out);
                json.set("probe", probe.toJson());
            }
            if (report != null) {
                RunReport.writeJson(report, json);
            }
        }
    }
}
