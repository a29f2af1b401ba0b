package tvae.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/**
 * The checkpoint feed cannot start (its cache directory is blocked by a plain file, as on a disk an operator broke):
 * readiness must say so, naming the feed and why, and once the obstacle is gone the supervisor starts the feed again
 * and readiness comes back UP.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@TestProfile(CheckpointFeedSupervisionTest.BlockedCache.class)
class CheckpointFeedSupervisionTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    static final Path BLOCKED = blockedCachePath();
    private static final String FEED = "checks.find { it.name == 'checkpoint-feed' }";

    public static class BlockedCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tvae.checkpoint-cache", BLOCKED.toString(), "tvae.checkpoint-feed.restart-ms", "200");
        }
    }

    @Test
    void aFeedThatCannotRunTurnsReadinessDownUntilItRunsAgain() throws Exception {
        JsonPath down = awaitFeedCheck("DOWN", true);
        assertTrue(down.getString(FEED + ".data.lastFailure").contains(BLOCKED.toString()), down.prettify());
        given().get("/q/health/ready").then().statusCode(503);

        Files.delete(BLOCKED);

        awaitFeedCheck("UP", false);
    }

    /** Polls readiness until the feed's check has this status (and, if asked, names the failure behind it). */
    private static JsonPath awaitFeedCheck(String status, boolean withFailure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
            if (status.equals(health.getString(FEED + ".status"))
                    && (!withFailure || health.getString(FEED + ".data.lastFailure") != null)) {
                return health;
            }
            assertTrue(System.nanoTime() < deadline, "the feed's check never became " + status + ": " + health.prettify());
            Thread.sleep(200);
        }
    }

    private static Path blockedCachePath() {
        try {
            Path file = Files.createTempDirectory("feed-supervision").resolve("cache");
            Files.writeString(file, "not a directory");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
