package tvae.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asOperator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.HttpFuzz;
import tvae.deploy.HttpFuzz.Endpoint;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ServiceProcess;
import tvae.deploy.StackSecrets;
import tvae.deploy.TestApi;
import tvae.events.EventJson;

/**
 * A seeded fuzz loop over the model's endpoints while a checkpoint is served: no answer is a 5xx, and the service
 * stays ready. The serving selection is fuzzed on its own, last, and put back: pinning a run that has no checkpoint
 * rightly answers 503 (no model) to the model's endpoints, which is not the failure this loop looks for.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InferenceHttpFuzzTest {
    private static final long SEED = Long.getLong("tvae.fuzz.seed", 14);
    private static final String RUN = "fuzz-" + System.nanoTime();

    @TestHTTPResource("/")
    URI root;

    @Test
    void noRequestGetsA5xx() throws Exception {
        TinyCheckpoints.serve(RUN, 3);
        Object latents = asOperator().contentType("application/json").body(Map.of("inputs", List.of("x = 1"))).post("/encode")
                .then().statusCode(200).extract().path("latents");
        asOperator().contentType("application/json").body(Map.of("name", "fuzz", "from", List.of("x = 1"), "to", List.of("y = [2]")))
                .post("/directions").then().statusCode(200);

        TestApi.awaitReady();   // ready before, so "ready after" says the fuzz left it so
        HttpFuzz fuzz = new HttpFuzz(root, ServiceProcess.basicAuthorization(StackSecrets.OPERATOR,
                LocalStackTestResource.stack().secrets().operatorKey()), SEED);
        List<Endpoint> model = List.of(
                new Endpoint("POST", "/interpolate", "{\"inputA\":\"x = 1\",\"inputB\":\"y = [2]\",\"ratios\":[0.25,0.5],"
                        + "\"options\":{\"strategy\":\"greedy\",\"maxLength\":24}}"),
                new Endpoint("POST", "/encode", "{\"inputs\":[\"x = 1\",\"print(x)\"]}"),
                new Endpoint("POST", "/decode", EventJson.mapper().writeValueAsString(Map.of("latents", latents))),
                new Endpoint("POST", "/breed", "{\"parents\":[{\"text\":\"x = 1\"},{\"text\":\"y = [2]\",\"weight\":2}],"
                        + "\"children\":2,\"noise\":0.1,\"seed\":3}"),
                new Endpoint("POST", "/directions", "{\"name\":\"fuzz-2\",\"from\":[\"x = 1\"],\"to\":[\"print(x)\"]}"),
                new Endpoint("POST", "/edit", "{\"input\":\"x = 1\",\"direction\":\"fuzz\",\"strengths\":[0,0.5]}"),
                new Endpoint("POST", "/swap", "{\"inputA\":\"x = 1\",\"inputB\":\"y = [2]\",\"tokens\":[0,1]}"),
                new Endpoint("POST", "/judge", "{\"lines\":[\"x = 1\",\"x = = 1\"]}"),
                new Endpoint("GET", "/directions", null), new Endpoint("GET", "/model", null), new Endpoint("GET", "/{id}", null));
        assertEquals(List.of(), fuzz.run(model, 300), "seed " + SEED);
        assertEquals(List.of(), fuzz.run(List.of(new Endpoint("PUT", "/model/selection", "{\"runId\":\"" + RUN + "\"}")), 50),
                "seed " + SEED);
        asOperator().contentType("application/json").body("{}").put("/model/selection").then().statusCode(200);
        anonymous().get("/q/health/ready").then().statusCode(200);
    }
}
