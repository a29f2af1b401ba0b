package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tvae.deploy.TestApi.anonymous;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.deploy.HttpFuzz;
import tvae.deploy.HttpFuzz.Endpoint;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ServiceProcess;
import tvae.deploy.StackSecrets;
import tvae.deploy.TestApi;

/** A seeded fuzz loop over the dashboard API (hostile ids, methods with bodies): no answer is a 5xx, the service stays ready. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DashboardHttpFuzzTest {
    private static final long SEED = Long.getLong("tvae.fuzz.seed", 14);

    @TestHTTPResource("/")
    URI root;

    @Test
    void noRequestGetsA5xx() throws Exception {
        TestApi.awaitReady();   // ready before, so "ready after" says the fuzz left it so
        HttpFuzz fuzz = new HttpFuzz(root, ServiceProcess.basicAuthorization(StackSecrets.VIEWER,
                LocalStackTestResource.stack().secrets().viewerKey()), SEED);
        List<Endpoint> endpoints = List.of(new Endpoint("GET", "/api/runs", null), new Endpoint("GET", "/api/runs/{id}/summary", null),
                new Endpoint("GET", "/api/runs/{id}/curve", null), new Endpoint("GET", "/api/runs/{id}/checkpoints", null),
                new Endpoint("GET", "/api/runs/{id}/validity", null), new Endpoint("GET", "/api/checkpoints/{id}/interpolations", null),
                new Endpoint("GET", "/api/checkpoints/{id}/probe", null), new Endpoint("POST", "/api/runs", "{\"runId\":\"x\"}"),
                new Endpoint("GET", "/{id}", null));
        assertEquals(List.of(), fuzz.run(endpoints, 300), "seed " + SEED);
        anonymous().get("/q/health/ready").then().statusCode(200);
    }
}
