package tvae.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ManagedProcess;
import tvae.deploy.ServiceProcess;

/**
 * inference-service as a real process whose checkpoint feed cannot run (its cache directory is blocked by a plain
 * file, as on a disk an operator broke): readiness must be DOWN, naming the feed and why; once the obstacle is gone
 * the supervisor starts the feed again and readiness comes back UP.
 */
class CheckpointFeedSupervisionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFeedThatCannotRunTurnsReadinessDownUntilItRunsAgain() throws Exception {
        Path blocked = Files.createTempDirectory("feed-supervision").resolve("cache");
        Files.writeString(blocked, "not a directory");
        try (ServiceProcess service = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "inference-service", 0,
                Map.of("kafka.bootstrap.servers", LocalStackTestResource.stack().kafka().bootstrapServers(),
                        "tvae.checkpoint-cache", blocked.toString(), "tvae.checkpoint-feed.restart-ms", "200",
                        "tvae.data-cache", TinyCheckpoints.dataCache().toString()), LocalStackTestResource.stack().secrets(),
                Path.of("target", "feed-supervision-logs"))) {
            HttpResponse<String> down = service.awaitReadiness(response -> feedFailure(response).contains(blocked.toString()),
                    "DOWN naming the blocked cache", ManagedProcess.START_GUARD);
            assertEquals(503, down.statusCode(), down.body());

            Files.delete(blocked);

            service.awaitReady(ManagedProcess.START_GUARD);
        }
    }

    /** The checkpoint feed's last failure as readiness reports it, or "" while it reports none. */
    private static String feedFailure(HttpResponse<String> response) {
        try {
            for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
                if (check.path("name").asText().equals("checkpoint-feed") && check.path("status").asText().equals("DOWN")) {
                    return check.path("data").path("lastFailure").asText("");
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
