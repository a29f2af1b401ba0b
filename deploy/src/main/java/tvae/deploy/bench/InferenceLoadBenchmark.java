package tvae.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tvae.checkpoint.CheckpointSignature;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.deploy.LocalStack;
import tvae.deploy.ManagedProcess;
import tvae.deploy.ServiceProcess;
import tvae.deploy.bench.Percentiles;

/**
 * inference-service under load while its checkpoint changes: a real broker, the service as its own process, HTTP
 * interpolation requests at a fixed rate on loopback for a fixed time, and a new checkpoint published over Kafka every
 * few seconds. Prints failed requests (must be 0), p50/p95/p99 latency, and each swap's load and swap times.
 * <pre>java -cp ... tvae.deploy.bench.InferenceLoadBenchmark [seconds 30] [requests/s 4] [swaps 4]</pre>
 */
public final class InferenceLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        int swaps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path root = Path.of("").toAbsolutePath();
        PreparedDataset data = BenchCheckpoints.prepare(root);
        Path dataCache = BenchCheckpoints.dataCache(root);
        List<String> lines = data.corpus().texts(Split.TEST);

        try (LocalStack stack = LocalStack.startEphemeral();
             ServiceProcess inference = ServiceProcess.start(root, "inference-service", 0, Map.of(
                     "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                     "tvae.checkpoint-cache", Files.createTempDirectory("load-bench-cache").toString(),
                     "tvae.data-cache", dataCache.toString()), stack.secrets(), root.resolve("run/logs/load-bench"))) {
            inference.awaitReady(ManagedProcess.START_GUARD);
            List<Path> checkpoints = BenchCheckpoints.trainTiny(data, swaps + 1,
                    CheckpointSignature.privateKey(stack.secrets().checkpointSigningKey(), "the stack's signing key"), "load");
            HttpClient http = HttpClient.newHttpClient();
            publish(stack, checkpoints.get(0), 0);
            BenchCheckpoints.awaitServed(http, inference, "load-step-0");
            System.out.printf(Locale.ROOT, "serving load-step-0; %d s at %.1f requests/s with %d swaps (tiny model, 11 ratios)%n",
                    seconds, rate, swaps);

            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(32);
            long started = System.nanoTime();
            int total = (int) (seconds * rate);
            int nextSwap = 1;
            for (int i = 0; i < total; i++) {
                long due = started + (long) (i / rate * 1e9);
                if (nextSwap <= swaps && due - started >= (long) nextSwap * seconds * 1e9 / (swaps + 1)) {
                    int swap = nextSwap++;
                    clients.submit(() -> publish(stack, checkpoints.get(swap), swap));
                }
                sleepUntil(due);
                String a = lines.get((2 * i) % lines.size());
                String b = lines.get((2 * i + 1) % lines.size());
                clients.submit(() -> request(http, inference, a, b, latencies, servedBy, failures));
            }
            clients.shutdown();
            clients.awaitTermination(2, TimeUnit.MINUTES);
            double elapsed = (System.nanoTime() - started) / 1e9;

            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%nrequests %d in %.1f s, failed %d%n", total, elapsed, failures.size());
            failures.stream().limit(5).forEach(f -> System.out.println("  failure: " + f));
            System.out.printf(Locale.ROOT, "latency ms: p50 %.0f  p95 %.0f  p99 %.0f  max %.0f%n", Percentiles.of(sorted, 50),
                    Percentiles.of(sorted, 95), Percentiles.of(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
            System.out.println("answered by checkpoint: " + new TreeMap<>(servedBy));
            BenchCheckpoints.awaitServed(http, inference, "load-step-" + swaps);
            JsonNode swap = BenchCheckpoints.model(http, inference).path("lastSwap");
            System.out.printf(Locale.ROOT, "last swap (%s -> %s): load %.2f s off the request path, swap %.3f ms%n",
                    swap.path("previousCheckpointId").asText(), swap.path("checkpointId").asText(),
                    swap.path("loadSeconds").asDouble(), swap.path("swapMillis").asDouble());
            System.out.println("swap log lines:");
            inference.logTail().lines().filter(line -> line.contains("now serving")).forEach(
                    line -> System.out.println("  " + line.substring(Math.max(0, line.indexOf("] ") + 2))));
        }
    }

    private static void publish(LocalStack stack, Path zip, int index) {
        BenchCheckpoints.publish(stack, zip, "load-step-" + index, "load");
    }

    private static void request(HttpClient http, ServiceProcess inference, String a, String b, List<Double> latencies,
                                Map<String, AtomicInteger> servedBy, List<String> failures) {
        long started = System.nanoTime();
        try {
            String body = JSON.writeValueAsString(Map.of("inputA", a, "inputB", b));
            HttpResponse<String> response = http.send(inference.request("/interpolate")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            latencies.add((System.nanoTime() - started) / 1e6);
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + " " + response.body());
                return;
            }
            String checkpoint = JSON.readTree(response.body()).path("checkpointId").asText();
            servedBy.computeIfAbsent(checkpoint, k -> new AtomicInteger()).incrementAndGet();
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
