package tvae.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
import tvae.quality.SeedScore;

/**
 * The system on one machine, without Docker. {@code demo}: start the broker, the database and the three services,
 * submit a short python-lines run, follow it, print its summary, and keep everything running until Ctrl-C (unless
 * {@code --exit}). {@code up}: the same system without a run, until Ctrl-C. {@code stack}: only the broker and the
 * database, until Ctrl-C.
 */
public final class Launcher {
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
             Services services = Services.start(stack, options.replicas())) {
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
             Services services = Services.start(stack, options.replicas())) {
            System.out.printf("stack and services up in %.1f s%n", (System.nanoTime() - started) / 1e9);
            services.printWhereToLook(stack);
            awaitInterrupt();
        }
    }

    /**
     * The CPU priority of the services that work in the background (training, judging samples with CPython): on one
     * machine they would otherwise take the cores from someone waiting on the playground. Measured with a served
     * checkpoint, one interpolation at a time: the evaluator judging each request's samples beside it raised the
     * HTTP p50 from 36 to 82 ms; niced, 39 ms (docs/benchmarks.md).
     */
    static final int BACKGROUND_NICENESS = 10;

    /** Ports of the next replicas: the second inference-service on 8092, the second evaluator-service on 8093, ... */
    static final int REPLICA_PORT_STEP = 10;

    /**
     * The services on the stack, with their logs under run/logs: one trainer, and {@code replicas} of inference-service
     * and of evaluator-service (the first on the usual ports, the next {@link #REPLICA_PORT_STEP} apart). Replicas share
     * the work through their Kafka consumer groups and the database; each inference replica keeps its own cache, and
     * only the first runs the evaluation suite.
     */
    private record Services(ServiceProcess trainer, List<ServiceProcess> inference, List<ServiceProcess> evaluators)
            implements AutoCloseable {
        static Services start(LocalStack stack, int replicas) throws IOException {
            Path root = Path.of("").toAbsolutePath();
            Path logs = root.resolve("run/logs");
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
            environment.put("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl());
            environment.put("quarkus.datasource.username", PostgresServer.USER);
            environment.put("tvae.checkpoint-dir", root.resolve("run/checkpoints").toString());
            environment.put("tvae.data-cache", root.resolve("run/data-cache").toString());
            // The suite's pairs, from the constant the summary waits for (RunSummaryReport.SUITE_POINTS).
            environment.put("tvae.evaluation.pairs", String.valueOf(SeedScore.DEFAULT_PAIRS));
            List<ServiceProcess> started = new ArrayList<>();
            try {
                ServiceProcess trainer = ServiceProcess.start(root, "trainer-service", 8081, environment, stack.secrets(), logs,
                        BACKGROUND_NICENESS);
                started.add(trainer);
                List<ServiceProcess> inference = new ArrayList<>();
                List<ServiceProcess> evaluators = new ArrayList<>();
                for (int replica = 1; replica <= replicas; replica++) {
                    int offset = (replica - 1) * REPLICA_PORT_STEP;
                    Map<String, String> inferenceEnvironment = new LinkedHashMap<>(environment);
                    if (replica > 1) {
                        inferenceEnvironment.put("tvae.checkpoint-cache", root.resolve("run/inference-checkpoints-" + replica).toString());
                        inferenceEnvironment.put("tvae.evaluation.enabled", "false"); // the first replica's suite is everyone's
                    }
                    if (replicas > 1) {
                        // PyTorch takes a thread per core in each process: replicas sharing the cores would fight over
                        // them (two on two cores answered 0.22-0.38x one replica; one thread each, 0.94x: docs/scaling.md).
                        inferenceEnvironment.put("ai.djl.pytorch.num_threads", String.valueOf(
                                Math.max(1, Runtime.getRuntime().availableProcessors() / replicas)));
                    }
                    inference.add(ServiceProcess.start(root, "inference-service", replica, 8082 + offset, inferenceEnvironment,
                            stack.secrets(), logs, 0));
                    started.add(inference.get(inference.size() - 1));
                    evaluators.add(ServiceProcess.start(root, "evaluator-service", replica, 8083 + offset, environment,
                            stack.secrets(), logs, BACKGROUND_NICENESS));
                    started.add(evaluators.get(evaluators.size() - 1));
                }
                for (ServiceProcess service : started) {
                    service.awaitReady(ManagedProcess.START_GUARD);
                    System.out.println("ready: " + service.url() + "  (logs in " + logs + ")");
                }
                return new Services(trainer, inference, evaluators);
            } catch (IOException | RuntimeException e) {
                started.forEach(ServiceProcess::close);
                throw e;
            }
        }

        List<ServiceProcess> all() {
            List<ServiceProcess> all = new ArrayList<>(List.of(trainer));
            all.addAll(inference);
            all.addAll(evaluators);
            return all;
        }
        ServiceProcess evaluator() {
            return evaluators.get(0);
        }

        void printWhereToLook(LocalStack stack) {
            System.out.printf("%nEverything keeps running until Ctrl-C:%n");
            System.out.printf("  dashboard     %s/   (log in as 'viewer', or 'operator')%n", evaluator().url());
            System.out.printf("  playground    %s/   (log in as 'operator': interpolate, breed, directions, swap)%n",
                    inference.get(0).url());
            System.out.printf("  interpolate   curl -u operator:$TVAE_OPERATOR_KEY -H 'Content-Type: application/json' "
                    + "-d '{\"inputA\":\"x = 1\",\"inputB\":\"return y\"}' %s/interpolate%n", inference.get(0).url());
            System.out.printf("  train         curl -u operator:$TVAE_OPERATOR_KEY -H 'Content-Type: application/json' "
                    + "-d '{\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"compact\"},\"maxSteps\":2400}' "
                    + "%s/runs%n", trainer.url());
            System.out.printf("  API           %s%n", all().stream().map(service -> service.url() + "/q/swagger-ui")
                    .collect(Collectors.joining("  ")));
            if (inference.size() > 1) {
                System.out.printf("  replicas      inference %s, evaluator %s (any of them answers; they share the work)%n",
                        inference.stream().map(ServiceProcess::url).toList(), evaluators.stream().map(ServiceProcess::url).toList());
            }
            System.out.printf("  Kafka         %s (SASL, user %s)   PostgreSQL  %s%n", stack.kafka().bootstrapServers(),
                    KafkaAccess.CLIENT, stack.postgres().jdbcUrl());
            System.out.printf("  keys          source <(grep KEY= %s)%n", stack.secretsFile());
        }

        @Override
        public void close() {
            all().forEach(ServiceProcess::close);
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
