package tvae.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tvae.deploy.ManagedProcess;
import tvae.deploy.LocalStack;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ServiceProcess;
import tvae.transfer.Sha256;

/**
 * inference-service as a real process: killed (SIGKILL) and started again on an empty disk with no trainer anywhere,
 * it replays the checkpoint topics and serves the newest checkpoint again, reassembling only the checkpoints its
 * cache keeps (one per run here), not the superseded ones before them.
 */
class InferenceRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "restart-" + System.nanoTime();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRestartedServiceServesTheNewestCheckpointWithoutTheTrainer() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        String bootstrap = stack.kafka().bootstrapServers();
        for (int step : new int[] {2, 3, 4}) {
            TinyCheckpoints.publish(stack.kafka().adminClientProperties(), TinyCheckpoints.train(RUN, step), RUN + "-step-" + step,
                    RUN, step);
        }

        try (ServiceProcess first = start(bootstrap)) {
            assertEquals(RUN + "-step-4", awaitServed(first));
            first.kill();
        }
        try (ServiceProcess second = start(bootstrap)) {
            assertEquals(RUN + "-step-4", awaitServed(second), "the newest checkpoint, from the topics alone");
            HttpResponse<String> answer = http.send(second.request("/interpolate")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputA\":\"x = 1\",\"inputB\":\"y = 2\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(RUN + "-step-4", JSON.readTree(answer.body()).path("checkpointId").asText());

            // steps 2 and 3 were announced, passed over and never reassembled: only what the cache keeps is
            JsonNode model = JSON.readTree(http.send(second.request("/model").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode replay = model.path("replay");
            assertTrue(replay.path("announcements").asInt() >= 3, model.toString());
            assertTrue(replay.path("kept").asInt() < replay.path("announcements").asInt(), model.toString());
            assertTrue(replay.path("chunkRecordsSkipped").asLong() + replay.path("chunkRecordsPassedOver").asLong() >= 2,
                    "at least a chunk each of steps 2 and 3 left alone: " + replay);
            List<String> ofThisRun = new ArrayList<>();
            model.path("available").forEach(c -> {
                if (RUN.equals(c.path("runId").asText())) {
                    ofThisRun.add(c.path("checkpointId").asText());
                }
            });
            assertEquals(List.of(RUN + "-step-4"), ofThisRun);
        }
    }

    /**
     * Restarted on its own cache, the service takes the verified file it left there instead of reading the checkpoint's
     * chunks again; a file tampered with while it was down is not taken but read again from the topic.
     */
    @Test
    void aServiceRestartedOnItsOwnCacheReusesTheVerifiedFileAndReadsATamperedOneAgain() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        String bootstrap = stack.kafka().bootstrapServers();
        String run = "cache-" + System.nanoTime();
        String checkpointId = run + "-step-2";
        TinyCheckpoints.publish(stack.kafka().adminClientProperties(), TinyCheckpoints.train(run, 2), checkpointId, run, 2);
        Path cache = Files.createTempDirectory("restart-own-cache");

        try (ServiceProcess first = start(bootstrap, cache)) {
            assertEquals(checkpointId, awaitServed(first, checkpointId));
            first.kill();
        }
        Path file = cachedFile(cache, run);
        String original = Sha256.of(file);
        try (ServiceProcess second = start(bootstrap, cache)) {
            assertEquals(checkpointId, awaitServed(second, checkpointId));
            assertTrue(replay(second).path("reusedFromDisk").asInt() >= 1, "taken from the cache: " + replay(second));
            second.kill();
        }

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        assertNotEquals(original, Sha256.of(file), "the cached file was changed");
        try (ServiceProcess third = start(bootstrap, cache)) {
            assertEquals(checkpointId, awaitServed(third, checkpointId), "served, from the topic");
            assertEquals(original, Sha256.of(cachedFile(cache, run)), "the tampered file was replaced by the checkpoint as published");
        }
    }

    private static Path cachedFile(Path cache, String run) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith(run) && f.toString().endsWith(".zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cached file of " + run + " in " + cache));
        }
    }

    private JsonNode replay(ServiceProcess service) throws Exception {
        return JSON.readTree(http.send(service.request("/model").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("replay");
    }

    /** Each start gets an empty checkpoint cache: nothing survives on disk, everything comes from Kafka. */
    private static ServiceProcess start(String bootstrap) throws Exception {
        return start(bootstrap, Files.createTempDirectory("restart-cache"));
    }

    private static ServiceProcess start(String bootstrap, Path cache) throws Exception {
        ServiceProcess service = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "inference-service", 0, Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "tvae.checkpoint-cache", cache.toString(),
                "tvae.checkpoint-intake.keep-per-run", "1",
                "tvae.data-cache", TinyCheckpoints.dataCache().toString()), LocalStackTestResource.stack().secrets(),
                Path.of("target", "restart-test-logs"));
        service.awaitReady(ManagedProcess.START_GUARD);
        return service;
    }

    private String awaitServed(ServiceProcess service) throws Exception {
        return awaitServed(service, RUN + "-step-4");
    }

    private String awaitServed(ServiceProcess service, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String served = null;
        while (System.nanoTime() < deadline) {
            JsonNode model = JSON.readTree(http.send(service.request("/model").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            served = model.path("served").path("checkpointId").asText(null);
            if (expected.equals(served)) {
                return served;
            }
            Thread.sleep(250);
        }
        return served;
    }
}
