package tvae.deploy.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.HyperParameters;
import tvae.train.TrainingOptions;

/** The command line of {@code tvae train}, parsed and checked before anything is loaded. */
record TrainCommandOptions(DatasetSpec dataset, String preset, long steps, Double minutes, HyperParameters hyperParameters,
                           String device, Path checkpoint, Double checkpointMinutes, boolean resume, int pairs, int scorePairs,
                           int probeItems, int evalItems, Path dataCache, Map<String, Object> modelOverrides, Path report, boolean help) {
    static final String USAGE = """
            usage: tvae train [--data python-lines|probe-texts|mnist|PATH] [--preset tiny|compact|small|base] [--minutes M] [--steps N]
                              [--batch N] [--lr X] [--warmup N] [--mmd-weight X] [--seed N] [--max-items N] [--device auto|cpu|gpu] [--checkpoint FILE]
                              [--checkpoint-minutes M] [--resume] [--pairs N] [--score-pairs N] [--probe-items N] [--eval-items N]
                              [--data-cache DIR] [--set FIELD=VALUE]... [--hp FIELD=VALUE]... [--mixed-precision] [--bucket-batches N]
                              [--latent-noise X] [--report FILE.json]
              --batch, --lr, --warmup (learning-rate warm-up steps), --mmd-weight (the MMD term's weight once ramped
              in), --seed, --mixed-precision, --bucket-batches and --latent-noise replace the preset's training defaults,
              as a training request's hyperParameters do; --hp sets any hyperParameters field by name, e.g.
              --hp smoothnessWeight=1 switches a research loss on (criticWeight, cycleWeight, smoothnessWeight,
              bagOfWordsWeight), --hp wordDropout=0.3 replaces that share of the decoder's inputs by padding,
              --hp encoderDeletion=0.2 deletes that share of the encoder's tokens (the decoder still rebuilds all),
              --hp guidedMixWeight=1 teaches greedy decoding the valid lines guided decoding finds between codes
              (--hp guidedMixStart=N: only after the first N steps),
              --hp mmdKernel=imq, --hp mmdRampMidpoint=800.
              --set changes one field of the preset's model config, e.g. --set decoderLayers=6.
              --mixed-precision trains with fp16 forward passes and dynamic loss scaling (for GPUs).
              --bucket-batches N draws batches of similar length from pools of N batches, each padded only to its
              longest line (less padding computed, more steps an hour); 1 is the plain shuffled order.
              --latent-noise X adds Gaussian noise of standard deviation X to the latent codes the decoder reads in
              training, so it also learns to decode the neighbourhood of each code (where interpolation points lie).
              Trains in this process and prints progress with an ETA; at the end prints held-out autoencoding accuracy and
              interpolation tables for --pairs held-out pairs (python lines judged by CPython), then the seed's score:
              the valid share of the inner points (ratios 0.1-0.9) over --score-pairs held-out pairs, how many of them are
              valid and new (neither end) and how many distinct lines a path holds, for the held-out lines and for lines of
              Python outside the corpus, linear and slerp mixing; for digits, the digit judge's share of plausible inner
              points and of paths without detours over --score-pairs pairs. Then the evaluator's latent probe on --probe-items
              labelled held-out items (default 2000, 0 for none): linear SVM on the latent codes against the majority
              class and a linear SVM on the raw input (TF-IDF, or pixels for digits), with 95 % intervals. --report writes all of it as JSON with the command, commit
              and config. Defaults: python-lines, small, 10 minutes, checkpoint run/train/<data>-<preset>.zip every 5 minutes.""";

    String runName() {
        return "train-" + dataset.kind().wireName() + "-" + preset;
    }

    /** The training defaults of the preset with what was given on the command line. */
    TrainingOptions apply(TrainingOptions defaults) {
        return defaults.with(hyperParameters, steps);
    }

    static TrainCommandOptions parse(String[] args) {
        String data = "python-lines";
        String preset = "small";
        Long steps = null;
        Double minutes = null;
        Map<String, Object> training = new LinkedHashMap<>();   // hyperParameters by wire name
        Integer maxItems = null;
        String device = "auto";
        Path checkpoint = null;
        Double checkpointMinutes = 5.0;
        boolean resume = false;
        int pairs = 4;
        int scorePairs = 64;
        int probeItems = 2000;
        int evalItems = 512;
        Path dataCache = Path.of("run/data-cache");
        Map<String, Object> overrides = new LinkedHashMap<>();
        Path report = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = value(args, ++i);
                case "--preset" -> preset = value(args, ++i);
                case "--steps" -> steps = positive(Long.parseLong(value(args, ++i)), "--steps");
                case "--minutes" -> minutes = positive(Double.parseDouble(value(args, ++i)), "--minutes");
                case "--batch" -> training.put("batchSize", Integer.parseInt(value(args, ++i)));
                case "--lr" -> training.put("learningRate", Double.parseDouble(value(args, ++i)));
                case "--warmup" -> training.put("warmupSteps", Integer.parseInt(value(args, ++i)));
                case "--mmd-weight" -> training.put("mmdWeight", Double.parseDouble(value(args, ++i)));
                case "--seed" -> training.put("seed", Long.parseLong(value(args, ++i)));
                case "--max-items" -> maxItems = positive(Integer.parseInt(value(args, ++i)), "--max-items");
                case "--device" -> device = value(args, ++i);
                case "--checkpoint" -> checkpoint = Path.of(value(args, ++i));
                case "--checkpoint-minutes" -> checkpointMinutes = positive(Double.parseDouble(value(args, ++i)), "--checkpoint-minutes");
                case "--resume" -> resume = true;
                case "--pairs" -> pairs = Integer.parseInt(value(args, ++i));
                case "--score-pairs" -> scorePairs = Integer.parseInt(value(args, ++i));
                case "--probe-items" -> probeItems = Integer.parseInt(value(args, ++i));
                case "--eval-items" -> evalItems = positive(Integer.parseInt(value(args, ++i)), "--eval-items");
                case "--data-cache" -> dataCache = Path.of(value(args, ++i));
                case "--set" -> assign(overrides, "--set", value(args, ++i));
                case "--hp" -> assign(training, "--hp", value(args, ++i));
                case "--mixed-precision" -> training.put("mixedPrecision", true);
                case "--report" -> report = Path.of(value(args, ++i));
                case "--bucket-batches" -> training.put("bucketBatches", Integer.parseInt(value(args, ++i)));
                case "--latent-noise" -> training.put("latentNoise", Double.parseDouble(value(args, ++i)));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (probeItems < 0) {
            throw new IllegalArgumentException("--probe-items must be 0 (no probe) or more, was " + probeItems);
        }
        if (steps == null && minutes == null) {
            minutes = 10.0;
        }
        DatasetSpec dataset = dataset(data, maxItems);
        if (checkpoint == null) {
            checkpoint = Path.of("run", "train", dataset.kind().wireName() + "-" + preset + ".zip");
        }
        HyperParameters hyperParameters = HyperParameters.of(training);   // checks names and bounds as a request's are
        return new TrainCommandOptions(dataset, preset, steps == null ? TrainingOptions.DEFAULT_TOTAL_STEPS : steps, minutes,
                hyperParameters, device, checkpoint, checkpointMinutes, resume, pairs, scorePairs, probeItems, evalItems, dataCache,
                Map.copyOf(overrides), report, help);
    }

    /** FIELD=VALUE, the value read as a number, true/false, or else text; whoever reads the map checks field and range. */
    private static void assign(Map<String, Object> fields, String option, String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0 || equals == assignment.length() - 1) {
            throw new IllegalArgumentException(option + " needs FIELD=VALUE, was '" + assignment + "'");
        }
        String field = assignment.substring(0, equals);
        String text = assignment.substring(equals + 1);
        Object value;
        if (text.equals("true") || text.equals("false")) {
            value = Boolean.parseBoolean(text);
        } else {
            try {
                value = text.matches("-?\\d+") ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
            } catch (NumberFormatException notANumber) {
                value = text;
            }
        }
        fields.put(field, value);
    }

    /** A known kind by its wire name, anything else as a path. */
    private static DatasetSpec dataset(String data, Integer maxItems) {
        for (DatasetKind kind : DatasetKind.values()) {
            if (kind != DatasetKind.PATH && kind.wireName().equals(data)) {
                return new DatasetSpec(kind, null, maxItems);
            }
        }
        return new DatasetSpec(DatasetKind.PATH, data, maxItems);
    }

    private static <N extends Number> N positive(N value, String option) {
        if (value.doubleValue() <= 0) {
            throw new IllegalArgumentException(option + " must be > 0, was " + value);
        }
        return value;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
