package tvae.deploy.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.deploy.LocalStack;
import tvae.deploy.ManagedProcess;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.model.TransformerVaeConfig;
import tvae.train.StepMetrics;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;

/**
 * What trainer-service costs: the same run (preset, data, batch, seed) as a bare {@link TrainingSession} loop in this
 * process, then inside trainer-service (its own process, requested over Kafka, progress events, journal), one after
 * the other on the same machine. Tokens/s of each and their ratio.
 * <pre>java -cp ... tvae.deploy.bench.TrainerOverheadBenchmark [preset small] [steps 40]</pre>
 */
public final class TrainerOverheadBenchmark {
    private static final int WARMUP_STEPS = 3;

    private TrainerOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "small";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path root = Path.of("").toAbsolutePath();
        Path dataCache = root.resolve("run/data-cache");
        DatasetSpec dataset = new DatasetSpec(DatasetKind.PYTHON_LINES, null, 4096);
        PreparedDataset data = Datasets.prepare(dataset, dataCache);

        double bare;
        double service;
        // The broker and database run during both, so the ratio is the service's own cost.
        try (LocalStack stack = LocalStack.startEphemeral()) {
            bare = bareLoop(preset, steps, data);
            service = inService(stack, root, dataCache, preset, steps, dataset);
        }
        System.out.printf(Locale.ROOT, "%n| preset %s, %d timed steps | tokens/s |%n|---|---|%n| bare TrainingSession loop | %.0f |%n"
                + "| inside trainer-service | %.0f |%n| service / bare | %.3f |%n", preset, steps, bare, service, service / bare);
    }

    private static double bareLoop(String preset, int steps, PreparedDataset data) {
        TransformerVaeConfig config = TransformerVaeConfig.preset(preset);
        TrainingOptions options = TrainingOptions.preset(preset).withTotalSteps(WARMUP_STEPS + steps);
        try (TrainingSession session = TrainingSession.start(config, options, data.tokenizer(), data.corpus().texts(Split.TRAIN),
                List.of(), Device.cpu())) {
            for (int i = 0; i < WARMUP_STEPS; i++) {
                session.step();
            }
            long tokens = 0;
            long started = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                StepMetrics metrics = session.step();
                tokens += metrics.tokens();
            }
            double tokensPerSecond = tokens / ((System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "bare loop: %.0f tokens/s%n", tokensPerSecond);
            return tokensPerSecond;
        }
    }

    /** Tokens/s as the service reports it in its progress events, averaged over the windows after the warm-up steps. */
    private static double inService(LocalStack stack, Path root, Path dataCache, String preset, int steps, DatasetSpec dataset)
            throws Exception {
        try (ServiceProcess trainer = ServiceProcess.start(root, "trainer-service", 0, Map.of(
                     "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                     "tvae.checkpoint-dir", Files.createTempDirectory("overhead-bench").toString(),
                     "tvae.data-cache", dataCache.toString(),
                     "tvae.device", "cpu",
                     "tvae.progress-interval-ms", "1000"), stack.secrets(), root.resolve("run/logs/overhead-bench"));
             PlainKafkaClient kafka = new PlainKafkaClient(stack.kafka().adminClientProperties())) {
            trainer.awaitReady(ManagedProcess.START_GUARD);
            String runId = "overhead-" + System.currentTimeMillis();
            long total = WARMUP_STEPS + steps;
            kafka.send(Topics.TRAINING_REQUESTS, runId, EventJson.encode(TrainingRequested.of(runId, dataset,
                    ModelSpec.preset(preset), null, total, null, (int) total)));
            kafka.await(Topics.TRAINING_PROGRESS, r -> runId.equals(r.key())
                    && EventJson.decode(r.value(), TrainingProgress.class).state().isFinal(), Duration.ofMinutes(20));
            List<TrainingProgress> windows = kafka.readToEnd(Topics.TRAINING_PROGRESS, Duration.ofMinutes(1)).stream()
                    .filter(r -> runId.equals(r.key())).map(r -> EventJson.decode(r.value(), TrainingProgress.class))
                    .filter(p -> p.state() == RunState.RUNNING && p.tokensPerSecond() != null && p.step() > WARMUP_STEPS).toList();
            // each window's rate weighted by the steps it covers
            double weighted = 0;
            long covered = 0;
            long previousStep = WARMUP_STEPS;
            for (TrainingProgress window : windows) {
                long stepsInWindow = window.step() - previousStep;
                weighted += window.tokensPerSecond() * stepsInWindow;
                covered += stepsInWindow;
                previousStep = window.step();
            }
            double tokensPerSecond = weighted / covered;
            System.out.printf(Locale.ROOT, "trainer-service: %.0f tokens/s over %d progress windows%n", tokensPerSecond, windows.size());
            return tokensPerSecond;
        }
    }
}
