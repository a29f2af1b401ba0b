package tvae.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.ManagedProcess;
import tvae.deploy.LocalStack;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ServiceProcess;

/**
 * inference-service as a real process: killed (SIGKILL) and started again on an empty disk with no trainer anywhere,
 * it replays the checkpoint topics and serves the newest checkpoint again.
 */
class InferenceRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "restart-" + System.nanoTime();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRestartedServiceServesTheNewestCheckpointWithoutTheTrainer() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        String bootstrap = stack.kafka().bootstrapServers();
        TinyCheckpoints.publish(stack.kafka().adminClientProperties(), TinyCheckpoints.train(RUN, 2), RUN + "-step-2", RUN, 2);
        TinyCheckpoints.publish(stack.kafka().adminClientProperties(), TinyCheckpoints.train(RUN, 4), RUN + "-step-4", RUN, 4);

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
        }
    }

    /** Each start gets an empty checkpoint cache: nothing survives on disk, everything comes from Kafka. */
    private static ServiceProcess start(String bootstrap) throws Exception {
        ServiceProcess service = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "inference-service", 0, Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "tvae.checkpoint-cache", Files.createTempDirectory("restart-cache").toString(),
                "tvae.data-cache", TinyCheckpoints.dataCache().toString()), LocalStackTestResource.stack().secrets(),
                Path.of("target", "restart-test-logs"));
        service.awaitReady(ManagedProcess.START_GUARD);
        return service;
    }

    private String awaitServed(ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String served = null;
        while (System.nanoTime() < deadline) {
            JsonNode model = JSON.readTree(http.send(service.request("/model").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            served = model.path("served").path("checkpointId").asText(null);
            if ((RUN + "-step-4").equals(served)) {
                return served;
            }
            Thread.sleep(250);
        }
        return served;
    }
}
