package tvae.deploy.cli;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tvae.checkpoint.CheckpointSignature;
import tvae.checkpoint.CorruptCheckpointException;
import tvae.data.Datasets;
import tvae.data.PreparationProgress;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.DatasetKind;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;
import tvae.events.InvalidEventException;
import tvae.events.ProgressLine;
import tvae.events.RunState;
import tvae.model.TransformerVaeConfig;
import tvae.quality.LinePair;
import tvae.quality.QualityReport;
import tvae.quality.SeedScore;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;
import tvae.train.ProgressWindow;
import tvae.train.SequenceFit;
import tvae.train.StepMetrics;
import tvae.train.TrainingLoop;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;

/**
 * {@code tvae train}: trains a Transformer-VAE in this process (no broker, no services), prints progress with an ETA,
 * saves a checkpoint now and then and at the end, and finishes with what a person wants to see: held-out
 * autoencoding accuracy and the seed's interpolation table for a few held-out pairs, each line judged by CPython.
 */
public final class TrainCommand {
    private static final double[] RATIOS = InterpolationRequested.defaultRatios();
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private TrainCommand() {
    }

    public static void main(String[] args) throws IOException {
        TrainCommandOptions options;
        try {
            options = TrainCommandOptions.parse(args);
        } catch (IllegalArgumentException | InvalidEventException e) {
            System.err.println("tvae train: " + e.getMessage());
            System.err.println(TrainCommandOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(TrainCommandOptions.USAGE);
            return;
        }
        System.exit(run(options, String.join(" ", args)) ? 0 : 1);
    }

    /** The trainer's variable: a checkpoint made here can then be published like one of trainer-service's. */
    static final String SIGNING_KEY_ENV = "TVAE_CHECKPOINT_SIGNING_KEY";

    /** The key to sign local checkpoints with, or null: local checkpoints need no signature, only inference's feed does. */
    private static PrivateKey signingKey() {
        String text = System.getenv(SIGNING_KEY_ENV);
        return text == null || text.isBlank() ? null : CheckpointSignature.privateKey(text, SIGNING_KEY_ENV);
    }

    static boolean run(TrainCommandOptions options, String commandLine) throws IOException {
        long started = System.nanoTime();
        String commit = RunReport.commit();
        Device device = DeviceChoice.resolve(options.device());
        long prepareStarted = System.nanoTime();
        PreparedDataset data = Datasets.prepare(options.dataset(), options.dataCache(), PreparationProgress.throttled(
                PROGRESS_EVERY_NANOS, (stage, done, total) -> System.out.println("preparing data: "
                        + PreparationProgress.describe(stage, done, total))));
        List<String> train = data.corpus().texts(Split.TRAIN);
        List<String> valid = data.corpus().texts(Split.VALID);
        System.out.printf(Locale.ROOT, "data: %s (%.1f s)%n", data.source(), (System.nanoTime() - prepareStarted) / 1e9);

        TransformerVaeConfig config = SequenceFit.fitted(TransformerVaeConfig.preset(options.preset())
                .withOverrides(options.modelOverrides()), data);
        TrainingOptions training = options.apply(TrainingOptions.preset(options.preset()));
        Map<String, Double> evaluation;
        long steps;
        Files.createDirectories(options.checkpoint().toAbsolutePath().getParent());
        PrivateKey signingKey = signingKey();
        try (TrainingSession session = open(options, config, training, data, train, valid, device)) {
            System.out.printf(Locale.ROOT, "training %s on %s: %d train / %d valid items, vocabulary %d, batch %d, lr %.1e, "
                            + "until step %d%s%n", options.preset(), device, train.size(), valid.size(), data.tokenizer().vocabSize(),
                    training.batchSize(), training.learningRate(), options.steps(),
                    options.minutes() == null ? "" : " or " + options.minutes() + " min");
            trainUntilDone(session, options, signingKey);
            evaluation = session.evaluate(options.evalItems());
            steps = session.stepsDone();
            session.saveCheckpoint(options.checkpoint(), options.runName(), evaluation, options.dataset(), signingKey);
            System.out.printf(Locale.ROOT, "%nheld-out autoencoding (%d items): token accuracy %.2f %%, exact match %.2f %%, "
                            + "reconstruction loss %.4f%ncheckpoint: %s (%s)%n", Math.min(options.evalItems(), valid.size()),
                    100 * evaluation.get("tokenAccuracy"), 100 * evaluation.get("exactMatch"),
                    evaluation.get("reconstructionLoss"), options.checkpoint(), signingKey == null
                            ? "unsigned: fine for local use, inference-service refuses it; set " + SIGNING_KEY_ENV + " to sign"
                            : "signed with " + SIGNING_KEY_ENV);
        }
        Measured measured = measure(options, data, device);
        if (options.report() != null) {
            RunReport.write(options.report(), commandLine, commit, config, training, steps, (System.nanoTime() - started) / 60e9,
                    evaluation, measured.quality(), measured.probe(), measured.digits());
            System.out.println("report: " + options.report());
        }
        return true;
    }

    private static TrainingSession open(TrainCommandOptions options, TransformerVaeConfig config, TrainingOptions training,
                                        PreparedDataset data, List<String> train, List<String> valid, Device device)
            throws IOException {
        if (options.resume() && Files.exists(options.checkpoint())) {
            try {
                TrainingSession session = TrainingSession.resume(options.checkpoint(), training, train, valid, device);
                System.out.println("resumed " + options.checkpoint() + " at step " + session.stepsDone());
                return session;
            } catch (CorruptCheckpointException e) {
                throw new IOException("cannot resume from " + options.checkpoint() + ": " + e.getMessage(), e);
            }
        }
        return TrainingSession.start(config, training, data.tokenizer(), train, valid, device);
    }

    private static void trainUntilDone(TrainingSession session, TrainCommandOptions options, PrivateKey signingKey) throws IOException {
        long started = System.nanoTime();
        long checkpointEvery = options.checkpointMinutes() == null ? Long.MAX_VALUE : (long) (options.checkpointMinutes() * 60e9);
        long[] lastCheckpoint = {started};
        TrainingLoop loop = new TrainingLoop(options.steps(), TrainingLoop.deadline(options.minutes(), 0), PROGRESS_EVERY_NANOS,
                () -> false);
        loop.run(session, new TrainingLoop.Listener() {
            @Override
            public void stepped(TrainingSession s) throws IOException {
                if (System.nanoTime() - lastCheckpoint[0] >= checkpointEvery) {
                    s.saveCheckpoint(options.checkpoint(), options.runName(), Map.of(), options.dataset(), signingKey);
                    lastCheckpoint[0] = System.nanoTime();
                }
            }

            @Override
            public void report(ProgressWindow window, StepMetrics latest, long stepsDone, Double etaSeconds) {
                String memory = String.format(Locale.ROOT, "peak %.0f MB", latest.peakMemoryBytes() / 1e6);
                System.out.println(ProgressLine.format(window.progress(options.runName(), RunState.RUNNING, stepsDone,
                        options.steps(), etaSeconds, memory)));
            }
        });
        System.out.printf(Locale.ROOT, "stopped at step %d after %.1f min%n", session.stepsDone(), (System.nanoTime() - started) / 60e9);
    }

    /**
     * What the end of a run measured: the seed score (python lines), the digit judge's view of the paths (digits) and
     * the latent probe; null when not run.
     */
    private record Measured(QualityReport quality, LatentProbeReport probe, DigitPathReport digits) {
    }

    /**
     * The seed's table for {@code --pairs} held-out pairs (every ratio's decoded line and, for python lines, whether
     * CPython parses it), then the {@link QualityReport} (python lines) or the {@link DigitPathReport} (digits) over
     * {@code --score-pairs} pairs, then the latent probe over {@code --probe-items} labelled held-out items.
     */
    private static Measured measure(TrainCommandOptions options, PreparedDataset data, Device device) throws IOException {
        List<String> test = data.corpus().texts(Split.TEST);
        boolean python = data.kind() == DatasetKind.PYTHON_LINES;
        if (test.size() < 2) {
            return new Measured(null, null, null);
        }
        try (VaeModel model = VaeModel.load(options.checkpoint(), device);
             PythonSyntaxChecker syntax = python ? PythonSyntaxChecker.start() : null) {
            List<LinePair> shown = SeedScore.heldOutPairs(test, options.pairs());
            for (int pair = 0; pair < shown.size(); pair++) {
                String a = shown.get(pair).a();
                String b = shown.get(pair).b();
                List<String> decoded = model.interpolate(a, b, RATIOS, DecodingOptions.greedy());
                List<Verdict> verdicts = python ? syntax.checkAll(decoded) : new ArrayList<>();
                System.out.printf("%npair %d%n  A: %s%n  B: %s%n  ratio  %s  decoded%n", pair + 1, a, b, python ? "valid" : "");
                for (int i = 0; i < RATIOS.length; i++) {
                    String mark = python ? (verdicts.get(i).isValid() ? "  yes" : "   no") : "";
                    System.out.printf(Locale.ROOT, "  %4.1f   %s  %s%n", RATIOS[i], mark, shorten(decoded.get(i)));
                }
            }
            QualityReport quality = null;
            if (python && options.scorePairs() > 0) {
                quality = QualityReport.measure(model, data, options.scorePairs(), DecodingOptions.DEFAULT_BEAM_WIDTH,
                        options.dataCache(), syntax);
                quality.print(System.out);
            }
            DigitPathReport digits = null;
            if (data.kind() == DatasetKind.MNIST && options.scorePairs() > 0) {
                digits = DigitPathReport.measure(model, data, options.scorePairs(), options.dataCache());
                digits.print(System.out);
            }
            LatentProbeReport probe = null;
            if (options.probeItems() > 0) {
                probe = LatentProbeReport.measure(LabelledCodes.encode(model, data, options.probeItems(), syntax));
                probe.print(System.out);
            }
            return new Measured(quality, probe, digits);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
