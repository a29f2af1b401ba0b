package tvae.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import tvae.checkpoint.Checkpoint;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.judge.DigitJudge;
import tvae.quality.EditPlan;
import tvae.quality.QualityReport;
import tvae.quality.SeedScore;
import tvae.syntax.PythonSyntaxChecker;

/**
 * {@code tvae score CHECKPOINT [--pairs N] [--beam-width K] [--probe-items N] [--edits N] [--edit-strengths S,...]
 * [--report FILE.json] [--data-cache DIR]}: without training, on the data set its manifest names, the
 * {@link QualityReport} of a python-lines checkpoint (guided decoding with beams of K, default
 * {@value DecodingOptions#DEFAULT_BEAM_WIDTH}) or the digit paths of a MNIST one, the latent probe of any checkpoint
 * ({@link LatentProbeReport}, N labelled held-out items, default 2000, 0 for none), and for data with a judge the
 * evaluation suite's semantic edits ({@link EditReport}: N inputs per label pair, default
 * {@value EditPlan#EDITS_PER_PAIR}, 0 for none; at each strength given, default {@value EditPlan#STRENGTH}).
 */
public final class ScoreCommand {
    private static final String USAGE = "usage: tvae score CHECKPOINT.zip [--pairs N] [--beam-width K] [--probe-items N] [--edits N] "
            + "[--edit-strengths S,...] [--report FILE.json] [--data-cache DIR]";
    /** The evaluation suite's probe set size (tvae.evaluation.probe-items): the labelled items probed and edited. */
    private static final int PROBE_ITEMS = 2000;

    private ScoreCommand() {
    }

    public static void main(String[] args) throws IOException {
        Path checkpoint = null;
        Path report = null;
        Path dataCache = Path.of("run/data-cache");
        int pairs = SeedScore.DEFAULT_PAIRS;
        int beamWidth = DecodingOptions.DEFAULT_BEAM_WIDTH;
        int probeItems = PROBE_ITEMS;
        int editsPerPair = EditPlan.EDITS_PER_PAIR;
        List<Double> strengths = List.of(EditPlan.STRENGTH);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--beam-width" -> beamWidth = Integer.parseInt(args[++i]);
                case "--probe-items" -> probeItems = Integer.parseInt(args[++i]);
                case "--edits" -> editsPerPair = Integer.parseInt(args[++i]);
                case "--edit-strengths" -> strengths = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--report" -> report = Path.of(args[++i]);
                case "--data-cache" -> dataCache = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> checkpoint = Path.of(args[i]);
            }
        }
        if (checkpoint == null || beamWidth < 1 || beamWidth > DecodingOptions.MAX_BEAM_WIDTH || probeItems < 0
                || editsPerPair < 0 || strengths.isEmpty() || strengths.stream().anyMatch(s -> !Double.isFinite(s))) {
            System.err.println(USAGE + "\n  (--beam-width: 1 to " + DecodingOptions.MAX_BEAM_WIDTH
                    + "; --probe-items, --edits: 0 or more; --edit-strengths: numbers, comma-separated)");
            System.exit(2);
        }
        JsonNode manifest = Checkpoint.readManifest(checkpoint);
        PreparedDataset data = Datasets.prepare(EventJson.mapper().treeToValue(manifest.path("dataset"), DatasetSpec.class),
                dataCache);
        boolean python = data.kind() == DatasetKind.PYTHON_LINES;
        boolean digits = data.kind() == DatasetKind.MNIST;
        boolean edits = editsPerPair > 0 && EditPlan.judged(data.kind());
        try (VaeModel model = VaeModel.load(checkpoint, DeviceChoice.resolve("auto"));
             PythonSyntaxChecker syntax = python ? PythonSyntaxChecker.start() : null;
             DigitJudge digitJudge = digits && (pairs > 0 || edits) ? DigitPathReport.openJudge(dataCache) : null) {
            System.out.printf("%s: step %d, %s%n", checkpoint, model.step(), model.metrics());
            ObjectNode json = EventJson.mapper().createObjectNode();
            json.put("command", "./tvae score " + String.join(" ", args));
            json.put("checkpoint", checkpoint.toString());
            json.put("steps", model.step());
            model.metrics().forEach(json::put);
            if (python && pairs > 0) {
                QualityReport quality = QualityReport.measure(model, data, pairs, beamWidth, dataCache, syntax);
                quality.print(System.out);
                json.setAll(quality.toJson());
            }
            if (digits && pairs > 0) {
                DigitPathReport paths = DigitPathReport.measure(model, data, pairs, digitJudge);
                paths.print(System.out);
                json.set("digitPaths", paths.toJson());
            }
            LabelledCodes labelled = probeItems > 0 || edits
                    ? LabelledCodes.encode(model, data, probeItems > 0 ? probeItems : PROBE_ITEMS, syntax) : null;
            if (probeItems > 0) {
                LatentProbeReport probe = LatentProbeReport.measure(labelled);
                probe.print(System.out);
                json.set("probe", probe.toJson());
            }
            if (edits) {
                EditReport editReport = EditReport.measure(model, data.kind(), labelled, editsPerPair, strengths, syntax, digitJudge);
                editReport.print(System.out);
                json.set("edits", editReport.toJson());
            }
            if (report != null) {
                RunReport.writeJson(report, json);
            }
        }
    }
}
