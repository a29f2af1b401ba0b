package tvae.evaluator;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asViewer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/** The dashboard and its data need a login (the browser asks for it: Basic); the read-only viewer is enough. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DashboardAccessTest {
    @Test
    void strangersSeeNeitherThePageNorTheData() {
        anonymous().get("/").then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWithIgnoringCase("basic realm="));
        anonymous().get("/api/runs").then().statusCode(401);
        anonymous().get("/q/metrics").then().statusCode(401);
        anonymous().auth().preemptive().basic("viewer", "not-the-key").get("/api/runs").then().statusCode(401);
    }

    @Test
    void theViewerSeesBoth() {
        asViewer().get("/").then().statusCode(200);
        asViewer().get("/api/runs").then().statusCode(200);
    }
}
