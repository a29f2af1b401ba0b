package tvae.trainer;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asViewer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/** Who may do what on /runs: strangers nothing (401), the viewer reads (403 on changes), the operator everything. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RunsAccessTest {
    private static final String RUN = "{\"runId\":\"access-1\",\"dataset\":{\"kind\":\"python-lines\"},\"model\":{\"preset\":\"tiny\"},\"maxSteps\":5}";

    @Test
    void strangersAreAskedToLogIn() {
        anonymous().contentType("application/json").body(RUN).post("/runs").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWithIgnoringCase("basic realm="));
        anonymous().get("/runs").then().statusCode(401);
        anonymous().delete("/runs/access-1").then().statusCode(401);
        anonymous().get("/q/metrics").then().statusCode(401);
    }

    @Test
    void aWrongKeyIsAStranger() {
        anonymous().auth().preemptive().basic("operator", "not-the-key").get("/runs").then().statusCode(401);
        anonymous().auth().preemptive().basic("nobody", "whatever").get("/runs").then().statusCode(401);
    }

    @Test
    void theViewerReadsButChangesNothing() {
        asViewer().get("/runs").then().statusCode(200);
        asViewer().contentType("application/json").body(RUN).post("/runs").then().statusCode(403);
        asViewer().delete("/runs/access-1").then().statusCode(403);
        asViewer().get("/runs/access-1").then().statusCode(404);
    }

    @Test
    void healthStaysOpen() {
        anonymous().get("/q/health/live").then().statusCode(200);
    }
}
