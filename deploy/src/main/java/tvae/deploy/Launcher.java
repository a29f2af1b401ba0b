package tvae.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.events.ModelSpec;
import tvae.events.Topics;
import tvae.events.ProgressLine;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * The system on one machine, without Docker. {@code demo}: start the broker, the database and the three services,
 * submit a short python-lines run, follow it, print its summary, and keep everything running until Ctrl-C (unless
 * {@code --exit}). {@code up}: the same system without a run, until Ctrl-C. {@code stack}: only the broker and the
 * database, until Ctrl-C.
 */
public final class Launcher {
    /** The checkout the launcher runs in (./tvae changes to it). */
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        LauncherOptions options = LauncherOptions.parse(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "demo" -> demo(options);
            case "up" -> up(options);
            case "stack" -> stack(options);
            case "secrets" -> StackSecrets.generate().asEnvironment(StackSecrets.EVERY_SERVICE)
                    .forEach((key, value) -> System.out.println(key + "=" + value));
            default -> {
                System.out.println("usage: Launcher demo|up|stack|secrets [--brokers N] [--replicas N] [--kafka-port N] [--postgres-port N] [--dataset python-lines|probe-texts|mnist] "
                        + "[--steps N] [--minutes M] "
                        + "[--checkpoint-every N] [--preset tiny|compact|small|base] [--exit] [--timeout-minutes N]");
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
    }

    private static void stack(LauncherOptions options) throws IOException, InterruptedException {
        try (LocalStack stack = LocalStack.start("local", options.brokers(), options.kafkaPort(), options.postgresPort(), true)) {
            System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + stack.kafka().bootstrapServers());
            System.out.println("QUARKUS_DATASOURCE_JDBC_URL=" + stack.postgres().jdbcUrl());
            System.out.println("Kafka wants SASL_PLAINTEXT with " + KafkaCluster.MECHANISM + "; log in as " + KafkaAccess.CLIENT
                    + " with " + StackSecrets.kafkaPasswordVariable(KafkaAccess.CLIENT));
            System.out.println("credentials (API keys, Kafka and database passwords, checkpoint keys): " + stack.secretsFile());
            System.out.println("Ctrl-C stops the stack.");
            awaitInterrupt();
        }
    }

    private static void demo(LauncherOptions options) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start("local", options.brokers(), options.kafkaPort(), options.postgresPort(), true);
             LocalServices services = LocalServices.start(stack, ROOT, ROOT.resolve("run"),
                     LocalServices.USUAL_PORTS, options.replicas(), Map.of())) {
            System.out.printf("stack and services up in %.1f s%n", (System.nanoTime() - started) / 1e9);
            CheckpointPublished last = followRun(stack, options);
            System.out.println("waiting for inference-service to load it and evaluator-service to score it ...");
            RunSummaryReport report = new RunSummaryReport(services.evaluator());
            report.print(report.awaitComplete(last.runId(), last.checkpointId(), Duration.ofMinutes(options.timeoutMinutes())));
            System.out.printf("%nrun %s done in %.1f s in all%n", last.runId(), (System.nanoTime() - started) / 1e9);
            if (!options.exit()) {
                services.printWhereToLook(stack);
                awaitInterrupt();
            }
        }
    }

    private static void up(LauncherOptions options) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start("local", options.brokers(), options.kafkaPort(), options.postgresPort(), true);
             LocalServices services = LocalServices.start(stack, ROOT, ROOT.resolve("run"),
                     LocalServices.USUAL_PORTS, options.replicas(), Map.of())) {
            System.out.printf("stack and services up in %.1f s%n", (System.nanoTime() - started) / 1e9);
            services.printWhereToLook(stack);
            awaitInterrupt();
        }
    }

    /**
     * Submits a run the way any outside Kafka client would (as {@link KafkaAccess#CLIENT}), prints its progress until it
     * ends, then its last checkpoint.
     */
    private static CheckpointPublished followRun(LocalStack stack, LauncherOptions options) {
        String runId = "demo-" + System.currentTimeMillis();
        TrainingRequested request = TrainingRequested.of(runId, DatasetSpec.of(options.dataset()),
                ModelSpec.preset(options.preset()), options.hyperParameters(), options.steps(), options.minutes(), options.checkpointEvery());
        Duration timeout = Duration.ofMinutes(options.timeoutMinutes());
        try (PlainKafkaClient kafka = new PlainKafkaClient(stack.kafkaClientProperties(KafkaAccess.CLIENT))) {
            kafka.send(Topics.TRAINING_REQUESTS, runId, EventJson.encode(request));
            System.out.println("submitted " + runId + " on " + Topics.TRAINING_REQUESTS + "; following " + Topics.TRAINING_PROGRESS);
            TrainingProgress last = EventJson.decode(kafka.awaitAll(Topics.TRAINING_PROGRESS, record -> {
                if (!runId.equals(record.key())) {
                    return false;
                }
                TrainingProgress progress = EventJson.decode(record.value(), TrainingProgress.class);
                System.out.println(ProgressLine.format(progress));
                return progress.state().isFinal();
            }, 1, timeout).get(0).value(), TrainingProgress.class);
            if (last.state() != RunState.COMPLETED) {
                throw new IllegalStateException("run " + runId + " ended " + last.state() + ": " + last.message());
            }
            CheckpointPublished published = EventJson.decode(kafka.await(Topics.CHECKPOINTS, record -> {
                CheckpointPublished checkpoint = EventJson.decode(record.value(), CheckpointPublished.class);
                return runId.equals(checkpoint.runId()) && checkpoint.step() == last.step();
            }, timeout).value(), CheckpointPublished.class);
            System.out.printf("checkpoint %s published on %s: %.1f MB in %d chunks, sha256 %s%n", published.checkpointId(),
                    Topics.CHECKPOINTS, published.sizeBytes() / 1e6, published.chunkCount(), published.sha256());
            return published;
        }
    }

    private static void awaitInterrupt() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(latch::countDown));
        latch.await();
    }
}
