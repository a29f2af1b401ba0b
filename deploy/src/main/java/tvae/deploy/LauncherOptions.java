package tvae.deploy;

import java.util.Map;
import tvae.events.DatasetKind;
import tvae.events.HyperParameters;

/**
 * Command-line options of the launcher, with the defaults of a local demo: the compact preset for 2 400 steps, at most
 * 10 minutes, in similar-length batches, which passes 80 % held-out token accuracy on 2 CPU cores (86.5 % in the README's run).
 */
record LauncherOptions(int brokers, int replicas, int kafkaPort, int postgresPort, DatasetKind dataset, long steps, Double minutes, long checkpointEvery,
                       String preset, boolean exit, long timeoutMinutes) {

    static LauncherOptions parse(String[] args) {
        int brokers = 1;
        int replicas = 1;
        int kafkaPort = 9092;
        int postgresPort = 5433;
        DatasetKind dataset = DatasetKind.PYTHON_LINES;
        long steps = 2400;
        Double minutes = 10.0;
        long checkpointEvery = 800;
        String preset = "compact";
        boolean exit = false;
        long timeoutMinutes = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--brokers" -> brokers = Integer.parseInt(value(args, ++i));   // 3: replicated, survives a broker's death
                case "--replicas" -> replicas = Integer.parseInt(value(args, ++i)); // of inference- and evaluator-service
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i));
                case "--postgres-port" -> postgresPort = Integer.parseInt(value(args, ++i));
                case "--dataset" -> dataset = DatasetKind.fromWire(value(args, ++i));
                case "--steps" -> steps = Long.parseLong(value(args, ++i));
                case "--minutes" -> minutes = Double.parseDouble(value(args, ++i));
                case "--checkpoint-every" -> checkpointEvery = Long.parseLong(value(args, ++i));
                case "--preset" -> preset = value(args, ++i);
                case "--exit" -> exit = true;   // after the demo's summary, instead of running on
                case "--timeout-minutes" -> timeoutMinutes = Long.parseLong(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dataset == DatasetKind.PATH) {
            throw new IllegalArgumentException("--dataset takes python-lines, probe-texts or mnist (the demo trains on a default dataset)");
        }
        if (brokers < 1) {
            throw new IllegalArgumentException("--brokers must be at least 1, was " + brokers);
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be at least 1, was " + replicas);
        }
        return new LauncherOptions(brokers, replicas, kafkaPort, postgresPort, dataset, steps, minutes, checkpointEvery, preset, exit, timeoutMinutes);
    }

    /** Batches of similar-length lines, padded only to their longest: less padding computed, more steps a minute. */
    HyperParameters hyperParameters() {
        return HyperParameters.of(Map.of("bucketBatches", 16));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
