package tvae.deploy;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;

/**
 * REST Assured requests of a {@code @QuarkusTest}, logged in with the test stack's keys ({@link StackSecrets}), which
 * {@link LocalStackTestResource} also gives the service under test.
 */
public final class TestApi {
    private static final Duration READY_GUARD = Duration.ofMinutes(2);

    private TestApi() {
    }

    public static RequestSpecification asOperator() {
        return RestAssured.given().auth().preemptive().basic(StackSecrets.OPERATOR,
                LocalStackTestResource.stack().secrets().operatorKey());
    }

    public static RequestSpecification asViewer() {
        return RestAssured.given().auth().preemptive().basic(StackSecrets.VIEWER,
                LocalStackTestResource.stack().secrets().viewerKey());
    }

    /**
     * Waits until the service under test reports ready. Another test class of the JVM may have just restarted the broker:
     * the service's Kafka clients then report KO until they have reconnected, which they do on their own within seconds.
     * The guard is against a hang, far longer than a reconnect.
     */
    public static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_GUARD.toNanos();
        while (anonymous().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready after " + READY_GUARD + ": " + anonymous().get("/q/health/ready").asString());
            }
            Thread.sleep(200);
        }
    }

    /** No credentials at all, as a stranger would ask. */
    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
