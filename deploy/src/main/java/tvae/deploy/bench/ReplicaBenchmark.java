package tvae.deploy.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tvae.checkpoint.CheckpointSignature;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.deploy.LocalStack;
import tvae.deploy.ManagedProcess;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.PostgresServer;
import tvae.deploy.ServiceProcess;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.ModelSpec;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.events.Topics;
import tvae.events.TrainingRequested;

/**
 * Throughput against replicas, on one machine: Kafka interpolation requests answered per second by 1 and by 2
 * inference-service replicas (one consumer group), and samples judged and stored per second by 1 and by 2
 * evaluator-service replicas (samples of four checkpoints, so the group has partitions to split). Each round starts
 * its replicas, lets them warm up, then times a backlog from the first request (or the replicas being ready) to the
 * last answer (or stored row). Prints each rate and its ratio to one replica.
 * <pre>./tvae bench replicas [requests 200] [samples 2000] [brokers 1]</pre>
 */
public final class ReplicaBenchmark {
    private static final int CHECKPOINTS_OF_SAMPLES = 4;

    private ReplicaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int brokers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path root = Path.of("").toAbsolutePath();
        PreparedDataset data = BenchCheckpoints.prepare(root);
        List<String> lines = data.corpus().texts(Split.TEST);
        Path logs = root.resolve("run/logs/replica-bench");
        try (LocalStack stack = LocalStack.startEphemeral(brokers);
             PlainKafkaClient kafka = new PlainKafkaClient(stack.kafka().adminClientProperties())) {
            Path checkpoint = BenchCheckpoints.trainTiny(data, 1,
                    CheckpointSignature.privateKey(stack.secrets().checkpointSigningKey(), "the stack's signing key"), "replicas").get(0);
            BenchCheckpoints.publish(stack, checkpoint, "replicas-step-2", "replicas");
            Map<Integer, Double> answered = new LinkedHashMap<>();
            Map<Integer, Double> stored = new LinkedHashMap<>();
            for (int replicas = 1; replicas <= 2; replicas++) {
                answered.put(replicas, interpolations(stack, kafka, root, logs, replicas, requests, lines, 0));
                stored.put(replicas, evaluations(stack, kafka, root, logs, replicas, samples, lines));
            }
            // PyTorch takes every core for each process; two replicas on two cores then fight over them.
            double oneThread = interpolations(stack, kafka, root, logs, 1, requests, lines, 1);
            double oneThreadEach = interpolations(stack, kafka, root, logs, 2, requests, lines, 1);
            System.out.printf(Locale.ROOT, "%nreplicas  interpolation requests/s  ratio   samples stored/s  ratio   (%d requests of 11 points, %d samples; %d broker(s); %d cores)%n",
                    requests, samples, brokers, Runtime.getRuntime().availableProcessors());
            for (int replicas : answered.keySet()) {
                System.out.printf(Locale.ROOT, "%8d  %24.2f  %5.2f   %16.1f  %5.2f%n", replicas, answered.get(replicas),
                        answered.get(replicas) / answered.get(1), stored.get(replicas), stored.get(replicas) / stored.get(1));
            }
            System.out.printf(Locale.ROOT, "%nPyTorch on 1 thread per replica:%n%8d  %24.2f  %5.2f%n%8d  %24.2f  %5.2f%n",
                    1, oneThread, 1.0, 2, oneThreadEach, oneThreadEach / oneThread);
        }
    }

    /**
     * Interpolation requests answered per second by {@code replicas} inference-services sharing one consumer group.
     * @param torchThreads PyTorch's threads per replica, 0 for its default (one per core)
     */
    private static double interpolations(LocalStack stack, PlainKafkaClient kafka, Path root, Path logs, int replicas,
                                         int requests, List<String> lines, int torchThreads) throws Exception {
        List<ServiceProcess> services = start(replicas, replica -> {
            Map<String, String> environment = new LinkedHashMap<>();
            if (torchThreads > 0) {
                environment.put("ai.djl.pytorch.num_threads", String.valueOf(torchThreads));
                environment.put("ai.djl.pytorch.num_interop_threads", String.valueOf(torchThreads));
            }
            environment.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
            environment.put("tvae.data-cache", BenchCheckpoints.dataCache(root).toString());
            environment.put("tvae.checkpoint-cache", temporaryDirectory("replica-bench-cache").toString());
            // The evaluation suite a swap starts is not what is measured (it ran 10-35 s beside the requests).
            environment.put("tvae.evaluation.enabled", "false");
            return service(root, "inference-service", replica, environment, stack, logs);
        });
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (ServiceProcess service : services) {
                BenchCheckpoints.awaitServed(http, service, "replicas-step-2");
            }
            timeRequests(kafka, 4 * replicas, lines); // warm-up: every replica's JIT and decoder
            double seconds = timeRequests(kafka, requests, lines);
            System.out.printf(Locale.ROOT, "%d inference replica(s)%s: %d requests answered in %.1f s%n", replicas,
                    torchThreads > 0 ? " with " + torchThreads + " PyTorch thread(s) each" : "", requests, seconds);
            return requests / seconds;
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }

    /** Sends {@code count} requests and waits for every answer; the seconds from the first send to the last answer. */
    private static double timeRequests(PlainKafkaClient kafka, int count, List<String> lines) {
        Set<String> ids = new HashSet<>();
        String round = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String requestId = "replica-bench-" + round + "-" + i;
            ids.add(requestId);
            kafka.send(Topics.INTERPOLATION_REQUESTS, requestId, EventJson.encode(InterpolationRequested.of(requestId,
                    lines.get((2 * i) % lines.size()), lines.get((2 * i + 1) % lines.size()), null, null, null)));
        }
        List<ConsumerRecord<String, byte[]>> results = kafka.awaitAll(Topics.INTERPOLATION_RESULTS,
                record -> ids.contains(record.key()), count, Duration.ofMinutes(30));
        for (ConsumerRecord<String, byte[]> result : results) {
            InterpolationResult answer = EventJson.decode(result.value(), InterpolationResult.class);
            if (answer.error() != null) {
                throw new IllegalStateException("request " + answer.requestId() + " failed: " + answer.error());
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Samples stored per second by {@code replicas} evaluator-services: the samples wait on the topic first, and the
     * clock runs from the replicas being ready to the last row in PostgreSQL.
     */
    private static double evaluations(LocalStack stack, PlainKafkaClient kafka, Path root, Path logs, int replicas,
                                      int samples, List<String> lines) throws Exception {
        String runId = "replica-bench-run-" + replicas;
        kafka.send(Topics.TRAINING_REQUESTS, runId, EventJson.encode(TrainingRequested.of(runId,
                DatasetSpec.of(DatasetKind.PYTHON_LINES), ModelSpec.preset("tiny"), null, 400, null, 200)));
        for (int c = 0; c < CHECKPOINTS_OF_SAMPLES; c++) {
            ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("runId", runId).put("step", c + 1);
            manifest.putObject("dataset").put("kind", DatasetKind.PYTHON_LINES.wireName());
            String checkpointId = runId + "-step-" + (c + 1);
            kafka.send(Topics.CHECKPOINTS, checkpointId, EventJson.encode(CheckpointPublished.of(checkpointId, runId, c + 1,
                    manifest, 1, 1, "ab".repeat(32))));
        }
        for (int i = 0; i < samples; i++) {
            String checkpointId = runId + "-step-" + (i % CHECKPOINTS_OF_SAMPLES + 1);
            SampleDecoded sample = SampleDecoded.of(checkpointId + "/request/" + i, checkpointId, runId,
                    DatasetKind.PYTHON_LINES.wireName(), SampleKind.REQUEST, null, null, null, null, null, lines.get(i % lines.size()));
            kafka.send(Topics.SAMPLES, checkpointId, EventJson.encode(sample)); // keyed by checkpoint, as inference keys them
        }
        List<ServiceProcess> services = start(replicas, replica -> {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
            environment.put("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl());
            environment.put("quarkus.datasource.username", PostgresServer.USER);
            return service(root, "evaluator-service", replica, environment, stack, logs);
        });
        try {
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(30).toNanos();
            while (storedSamples(stack, runId) < samples) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + storedSamples(stack, runId) + " of " + samples + " samples stored in 30 minutes");
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%d evaluator replica(s): %d samples stored in %.1f s%n", replicas, samples, seconds);
            return samples / seconds;
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }

    private static long storedSamples(LocalStack stack, String runId) throws Exception {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM samples WHERE run_id = ?")) {
            count.setString(1, runId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Starts every replica, then waits until all are ready (they start side by side). */
    private static List<ServiceProcess> start(int replicas, IntFunction<ServiceProcess> replica) {
        List<ServiceProcess> services = new ArrayList<>();
        try {
            for (int r = 1; r <= replicas; r++) {
                services.add(replica.apply(r));
            }
            services.forEach(service -> service.awaitReady(ManagedProcess.START_GUARD));
            return services;
        } catch (RuntimeException e) {
            services.forEach(ServiceProcess::close);
            throw e;
        }
    }

    private static ServiceProcess service(Path root, String name, int replica, Map<String, String> environment,
                                          LocalStack stack, Path logs) {
        try {
            return ServiceProcess.start(root, name, replica, 0, environment, stack.secrets(), logs, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
