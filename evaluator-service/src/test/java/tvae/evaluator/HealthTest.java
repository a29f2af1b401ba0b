package tvae.evaluator;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asViewer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tvae.deploy.ListeningSockets;
import tvae.deploy.LocalStackTestResource;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class HealthTest {
    @Test
    void readinessCoversTheDatabase() {
        anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Database")));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        asViewer().get("/q/metrics").then().statusCode(200);
        anonymous().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals(Set.of("127.0.0.1"), ListeningSockets.addressesListeningOn(RestAssured.port));
    }
}
