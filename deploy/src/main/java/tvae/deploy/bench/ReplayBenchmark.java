package tvae.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tvae.checkpoint.CheckpointSignature;
import tvae.data.PreparedDataset;
import tvae.deploy.LocalStack;
import tvae.deploy.ManagedProcess;
import tvae.deploy.ServiceProcess;

/**
 * inference-service's start-up against the history on the checkpoint topics: a real broker, one run's checkpoints
 * published (a tiny model's, signed as the trainer signs them), and the service started as its own process, first
 * with a short history, then with a long one, each time on an empty cache and again on the cache it left, and last
 * with a cache told to keep every checkpoint, which reassembles the whole history as the replay once did (the
 * baseline). Prints the
 * seconds from launch to ready and to serving the newest checkpoint, and what the replay read ({@code GET /model}'s
 * {@code replay}).
 * <pre>./tvae bench replay [short history 4] [long history 40]</pre>
 */
public final class ReplayBenchmark {
    private static final String RUN = "replay-bench";

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int shortHistory = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int longHistory = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path root = Path.of("").toAbsolutePath();
        PreparedDataset data = BenchCheckpoints.prepare(root);
        Path dataCache = BenchCheckpoints.dataCache(root);
        HttpClient http = HttpClient.newHttpClient();
        try (LocalStack stack = LocalStack.startEphemeral()) {
            List<Path> checkpoints = BenchCheckpoints.trainTiny(data, longHistory,
                    CheckpointSignature.privateKey(stack.secrets().checkpointSigningKey(), "the stack's signing key"), RUN);
            System.out.printf(Locale.ROOT, "%d checkpoints of %.1f MB each (tiny model)%n", longHistory,
                    Files.size(checkpoints.get(0)) / 1e6);
            System.out.println("| checkpoints on the topic | cache | ready s | serving s | announcements | kept | from disk | chunk records skipped | passed over |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            int published = 0;
            for (int history : new int[] {shortHistory, longHistory}) {
                for (; published < history; published++) {
                    BenchCheckpoints.publish(stack, checkpoints.get(published), RUN + "-step-" + published, RUN);
                }
                Path cache = Files.createTempDirectory("replay-bench-cache");
                start(stack, root, dataCache, cache, history, "empty", Map.of(), http);
                start(stack, root, dataCache, cache, history, "its own", Map.of(), http);
            }
            // The baseline: a cache that keeps every checkpoint reassembles the whole history, as every replay did
            // before the replay planned from the announcements.
            start(stack, root, dataCache, Files.createTempDirectory("replay-bench-cache"), longHistory,
                    "empty, keeping all (baseline)", Map.of("tvae.checkpoint-intake.keep-per-run", String.valueOf(longHistory)), http);
        }
    }

    private static void start(LocalStack stack, Path root, Path dataCache, Path cache, int history, String cacheState,
                              Map<String, String> settings, HttpClient http) throws Exception {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of("kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "tvae.checkpoint-cache", cache.toString(), "tvae.data-cache", dataCache.toString()));
        long launched = System.nanoTime();
        try (ServiceProcess inference = ServiceProcess.start(root, "inference-service", 0, environment, stack.secrets(),
                root.resolve("run/logs/replay-bench"))) {
            inference.awaitReady(ManagedProcess.START_GUARD);
            double ready = (System.nanoTime() - launched) / 1e9;
            BenchCheckpoints.awaitServed(http, inference, RUN + "-step-" + (history - 1));
            double serving = (System.nanoTime() - launched) / 1e9;
            JsonNode replay = BenchCheckpoints.model(http, inference).path("replay");
            System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.1f | %d | %d | %d | %d | %d |%n", history, cacheState, ready, serving,
                    replay.path("announcements").asInt(), replay.path("kept").asInt(), replay.path("reusedFromDisk").asInt(),
                    replay.path("chunkRecordsSkipped").asLong(), replay.path("chunkRecordsPassedOver").asLong());
            inference.kill();
        }
    }
}
