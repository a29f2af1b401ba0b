package tvae.trainer;

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

/** A seeded fuzz loop over every /runs endpoint, logged in as the operator: no answer is a 5xx, the service stays ready. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RunsHttpFuzzTest {
    private static final long SEED = Long.getLong("tvae.fuzz.seed", 14);
    private static final String RUN = "{\"runId\":\"fuzz-run\",\"dataset\":{\"kind\":\"python-lines\",\"maxItems\":64},"
            + "\"model\":{\"preset\":\"tiny\"},\"hyperParameters\":{\"batchSize\":4},\"maxSteps\":1,\"checkpointEvery\":1}";

    @TestHTTPResource("/")
    URI root;

    @Test
    void noRequestGetsA5xx() throws Exception {
        TestApi.awaitReady();   // ready before, so "ready after" says the fuzz left it so
        HttpFuzz fuzz = new HttpFuzz(root, ServiceProcess.basicAuthorization(StackSecrets.OPERATOR,
                LocalStackTestResource.stack().secrets().operatorKey()), SEED);
        List<HttpFuzz.Failure> failures = fuzz.run(List.of(new Endpoint("POST", "/runs", RUN), new Endpoint("GET", "/runs", null),
                new Endpoint("GET", "/runs/{id}", null), new Endpoint("DELETE", "/runs/{id}", null)), 300);
        assertEquals(List.of(), failures, "seed " + SEED);
        anonymous().get("/q/health/ready").then().statusCode(200);
    }
}
