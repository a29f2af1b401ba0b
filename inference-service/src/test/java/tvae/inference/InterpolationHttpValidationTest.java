package tvae.inference;

import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tvae.deploy.ListeningSockets;
import tvae.deploy.LocalStackTestResource;

/** Bad bodies are 400s that say what is wrong; no model yet is a 503, not a hang. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InterpolationHttpValidationTest {
    @Test
    void refusesBadBodiesNamingTheFieldOrTheLimit() {
        post("{\"inputB\":\"y = 2\"}", 400, "'inputA'");
        post("{oops", 400, "malformed JSON");
        post("{\"inputA\":\"x\",\"inputB\":\"y\",\"ratios\":[0.5, 1.5]}", 400, "ratios[]");
        post("{\"inputA\":\"x\",\"inputB\":\"y\",\"options\":{\"strategy\":\"beam\"}}", 400, "options.strategy");
        post("{\"inputA\":\"" + "x".repeat(1001) + "\",\"inputB\":\"y\"}", 400, "tvae.limits.max-input-chars");
        post("{\"inputA\":\"x\",\"inputB\":\"y\",\"ratios\":[" + "0.5,".repeat(64) + "0.5]}", 400, "tvae.limits.max-ratios");
        post("{\"inputA\":\"x\",\"inputB\":\"y\",\"options\":{\"maxLength\":100000}}", 400, "tvae.limits.max-decode-length");
    }

    private static void post(String body, int status, String errorPart) {
        asOperator().contentType("application/json").body(body).post("/interpolate").then().statusCode(status)
                .body("error", containsString(errorPart));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals(Set.of("127.0.0.1"), ListeningSockets.addressesListeningOn(RestAssured.port));
    }
}
