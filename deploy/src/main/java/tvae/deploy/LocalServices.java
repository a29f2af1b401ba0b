package tvae.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tvae.quality.SeedScore;

/**
 * The three services on a local stack, {@code replicas} of each, as child processes with their data in a work
 * directory and their logs in its {@code logs/}: the first replica on the usual ports (8081-8083), the next
 * {@link #REPLICA_PORT_STEP} apart (or every one on a free port). Replicas share the work through their Kafka consumer groups and the database:
 * trainers form a pool (each its own journal and name, trainer-1, trainer-2, ...), each inference replica keeps its own
 * checkpoint cache, and only the first runs the evaluation suite.
 */
public record LocalServices(List<ServiceProcess> trainers, List<ServiceProcess> inference, List<ServiceProcess> evaluators)
        implements AutoCloseable {
    /**
     * The CPU priority of the services that work in the background (training, judging samples with CPython): on one
     * machine they would otherwise take the cores from someone waiting on the playground. Measured with a served
     * checkpoint, one interpolation at a time: the evaluator judging each request's samples beside it raised the
     * HTTP p50 from 36 to 82 ms; niced, 39 ms (docs/benchmarks.md).
     */
    static final int BACKGROUND_NICENESS = 10;

    /** Ports of the next replicas: the second trainer on 8091, inference-service on 8092, evaluator-service on 8093. */
    public static final int REPLICA_PORT_STEP = 10;
    /** The first trainer's port; inference and evaluator follow it. */
    public static final int USUAL_PORTS = 8081;

    /**
     * Starts them all and waits until each is ready.
     * @param root      the checkout, where the services' builds are
     * @param run       where their journals, caches and logs go ({@code root/run} for the launcher)
     * @param ports     {@link #USUAL_PORTS}, or 0 for free ports
     * @param overrides configuration every replica of every service gets on top of the defaults here
     */
    public static LocalServices start(LocalStack stack, Path root, Path run, int ports, int replicas,
                                      Map<String, String> overrides) throws IOException {
        Path logs = run.resolve("logs");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        environment.put("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl());
        environment.put("quarkus.datasource.username", PostgresServer.USER);
        environment.put("tvae.data-cache", run.resolve("data-cache").toString());
        // The suite's pairs, from the constant the summary waits for (RunSummaryReport.SUITE_POINTS).
        environment.put("tvae.evaluation.pairs", String.valueOf(SeedScore.DEFAULT_PAIRS));
        List<ServiceProcess> trainers = new ArrayList<>();
        List<ServiceProcess> inference = new ArrayList<>();
        List<ServiceProcess> evaluators = new ArrayList<>();
        LocalServices services = new LocalServices(trainers, inference, evaluators);
        try {
            for (int replica = 1; replica <= replicas; replica++) {
                String suffix = replica == 1 ? "" : "-" + replica;
                Map<String, String> trainer = replicaEnvironment(environment, replicas, overrides);
                trainer.put("tvae.trainer.id", "trainer-" + replica);
                trainer.put("tvae.checkpoint-dir", run.resolve("checkpoints" + suffix).toString());
                trainers.add(ServiceProcess.start(root, "trainer-service", replica, port(ports, replica, 0), trainer, stack.secrets(),
                        logs, BACKGROUND_NICENESS));
                Map<String, String> server = replicaEnvironment(environment, replicas, overrides);
                server.put("tvae.checkpoint-cache", run.resolve("inference-checkpoints" + suffix).toString());
                if (replica > 1) {
                    server.put("tvae.evaluation.enabled", "false"); // the first replica's suite is everyone's
                }
                server.putAll(overrides);
                inference.add(ServiceProcess.start(root, "inference-service", replica, port(ports, replica, 1), server,
                        stack.secrets(), logs, 0));
                evaluators.add(ServiceProcess.start(root, "evaluator-service", replica, port(ports, replica, 2),
                        replicaEnvironment(environment, 1, overrides), stack.secrets(), logs, BACKGROUND_NICENESS));
            }
            for (ServiceProcess service : services.all()) {
                service.awaitReady(ManagedProcess.START_GUARD);
                System.out.println("ready: " + service.url() + "  (logs in " + logs + ")");
            }
            return services;
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** The port of a replica of the trainer (0), inference-service (1) or evaluator-service (2); 0 stays 0 (any free). */
    private static int port(int ports, int replica, int service) {
        return ports == 0 ? 0 : ports + (replica - 1) * REPLICA_PORT_STEP + service;
    }

    /**
     * A replica's configuration. PyTorch takes a thread per core in each process: replicas sharing the cores would
     * fight over them (two inference replicas on two cores answered 0.22-0.38x one replica; one thread each, 0.94x:
     * docs/scaling.md), so each of {@code torchSharers} gets its share.
     */
    private static Map<String, String> replicaEnvironment(Map<String, String> common, int torchSharers,
                                                          Map<String, String> overrides) {
        Map<String, String> environment = new LinkedHashMap<>(common);
        if (torchSharers > 1) {
            environment.put("ai.djl.pytorch.num_threads", String.valueOf(
                    Math.max(1, Runtime.getRuntime().availableProcessors() / torchSharers)));
        }
        environment.putAll(overrides);
        return environment;
    }

    public List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(trainers);
        all.addAll(inference);
        all.addAll(evaluators);
        return all;
    }

    public ServiceProcess evaluator() {
        return evaluators.get(0);
    }

    public void printWhereToLook(LocalStack stack) {
        System.out.printf("%nEverything keeps running until Ctrl-C:%n");
        System.out.printf("  dashboard     %s/   (log in as 'viewer', or 'operator')%n", evaluator().url());
        System.out.printf("  playground    %s/   (log in as 'operator': interpolate, breed, directions, swap)%n",
                inference.get(0).url());
        System.out.printf("  interpolate   curl -u operator:$TVAE_OPERATOR_KEY -H 'Content-Type: application/json' "
                + "-d '{\"inputA\":\"x = 1\",\"inputB\":\"return y\"}' %s/interpolate%n", inference.get(0).url());
        System.out.printf("  train         curl -u operator:$TVAE_OPERATOR_KEY -H 'Content-Type: application/json' "
                + "-d '{\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"compact\"},\"maxSteps\":2400}' "
                + "%s/runs%n", trainers.get(0).url());
        System.out.printf("  API           %s%n", all().stream().map(service -> service.url() + "/q/swagger-ui")
                .collect(Collectors.joining("  ")));
        if (inference.size() > 1) {
            System.out.printf("  replicas      trainers %s, inference %s, evaluator %s (any of them answers; they share the work)%n",
                    urls(trainers), urls(inference), urls(evaluators));
        }
        System.out.printf("  Kafka         %s (SASL, user %s)   PostgreSQL  %s%n", stack.kafka().bootstrapServers(),
                KafkaAccess.CLIENT, stack.postgres().jdbcUrl());
        System.out.printf("  keys          source <(grep KEY= %s)%n", stack.secretsFile());
    }

    private static List<String> urls(List<ServiceProcess> services) {
        return services.stream().map(ServiceProcess::url).toList();
    }

    @Override
    public void close() {
        all().forEach(ServiceProcess::close);
    }
}
