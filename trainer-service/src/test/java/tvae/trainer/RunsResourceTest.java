package tvae.trainer;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tvae.deploy.ListeningSockets;
import tvae.deploy.TestApi;
import tvae.deploy.LocalStackTestResource;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RunsResourceTest {
    @Test
    void acceptsAGoodRunWith202AndListsIt() throws InterruptedException {
        asOperator().contentType("application/json")
                .body("{\"runId\":\"http-1\",\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"tiny\"},\"maxSteps\":20}")
                .post("/runs").then().statusCode(202).body("runId", equalTo("http-1"));
        awaitTaken("http-1");
        asOperator().get("/runs/http-1").then().statusCode(200).body("state", oneOf("ACCEPTED", "QUEUED", "RUNNING", "COMPLETED"));
        asOperator().get("/runs").then().statusCode(200).body("runId", hasItem("http-1"));
    }

    /**
     * POST /runs hands the request to the pool through vae.training-requests; the run is this trainer's (the only one
     * in the group) once its consumer has taken it. The guard is against a hang, not a bound on speed.
     */
    private static void awaitTaken(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (asOperator().get("/runs/" + runId).statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100); // a poll's pause
        }
    }

    @Test
    void aCancelledRunEndsCancelledAndUnknownRunsAre404() throws InterruptedException {
        asOperator().contentType("application/json")
                .body("{\"runId\":\"http-cancel\",\"dataset\":{\"kind\":\"python-lines\",\"maxItems\":64},\"model\":{\"preset\":\"tiny\"},\"maxSteps\":1000000}")
                .post("/runs").then().statusCode(202);
        awaitTaken("http-cancel");
        asOperator().delete("/runs/http-cancel").then().statusCode(200);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!"CANCELLED".equals(asOperator().get("/runs/http-cancel").path("state")) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        asOperator().get("/runs/http-cancel").then().body("state", equalTo("CANCELLED"));
        asOperator().delete("/runs/never-submitted").then().statusCode(404);
    }

    @Test
    void refusesBadBodiesWith400NamingTheField() {
        asOperator().contentType("application/json").body("{\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"tiny\"},\"maxSteps\":-3}")
                .post("/runs").then().statusCode(400).body("error", containsString("'maxSteps' must be > 0"));
        asOperator().contentType("application/json").body("{\"dataset\":{\"kind\":\"nope\"},\"model\":{\"preset\":\"tiny\"},\"maxSteps\":3}")
                .post("/runs").then().statusCode(400).body("error", containsString("unknown dataset 'nope'"));
        asOperator().contentType("application/json").body("{\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"huge\"},\"maxSteps\":3}")
                .post("/runs").then().statusCode(400).body("error", containsString("unknown model preset 'huge'"));
        asOperator().contentType("application/json").body("{oops").post("/runs").then().statusCode(400)
                .body("error", containsString("malformed JSON"));
        asOperator().get("/runs/never-submitted").then().statusCode(404);
    }

    /** Polls: another test class of this JVM may have just restarted the broker, and the consumers reconnect first. */
    @Test
    void healthIsUpWithTheBroker() throws InterruptedException {
        TestApi.awaitReady();
        anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals(Set.of("127.0.0.1"), ListeningSockets.addressesListeningOn(RestAssured.port));
    }

    /** Outside the roots, through "..", or out through a link inside them: one refusal, which never says what exists. */
    @Test
    void aDatasetPathOutsideTheDataRootsIsRefusedWithoutSayingWhatExists() throws IOException {
        Path root = Path.of("target/test-data").toAbsolutePath();
        Files.createDirectories(root);
        Path linkOut = root.resolve("link-to-etc");
        Files.deleteIfExists(linkOut);
        Files.createSymbolicLink(linkOut, Path.of("/etc"));
        for (String path : List.of("/etc", "/", "/no/such/place", root + "/../../pom.xml", linkOut.toString(),
                linkOut + "/passwd")) {
            String runId = "outside-" + Math.abs(path.hashCode());
            asOperator().contentType("application/json")
                    .body(Map.of("runId", runId, "dataset", Map.of("kind", "path", "path", path), "model", Map.of("preset", "tiny"),
                            "maxSteps", 3))
                    .post("/runs").then().statusCode(400)
                    .body("error", equalTo("field 'dataset.path' must lie inside a data root (tvae.data.roots: [" + root + "])"));
            asOperator().get("/runs/" + runId).then().statusCode(404);
        }
    }

    /** Every count a request sets has a ceiling, and a body is bounded before it is parsed. */
    @Test
    void requestsOverALimitAreRefusedNamingIt() {
        String base = "{\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"tiny\"},";
        asOperator().contentType("application/json").body(base + "\"maxSteps\":100000000}").post("/runs").then().statusCode(400)
                .body("error", containsString("'maxSteps' must be at most 10000000"));
        asOperator().contentType("application/json").body(base + "\"maxSteps\":5,\"hyperParameters\":{\"batchSize\":5000}}")
                .post("/runs").then().statusCode(400).body("error", containsString("'hyperParameters.batchSize' must be at most 4096"));
        asOperator().contentType("application/json").body(base + "\"maxSteps\":5,\"checkpointEvery\":20000000}")
                .post("/runs").then().statusCode(400).body("error", containsString("'checkpointEvery'"));
        asOperator().contentType("application/json").body("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/runs").then().statusCode(413);
    }
}
