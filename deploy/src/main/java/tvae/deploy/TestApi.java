package tvae.deploy;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests of a {@code @QuarkusTest}, logged in with the test stack's keys ({@link StackSecrets}), which
 * {@link LocalStackTestResource} also gives the service under test.
 */
public final class TestApi {
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

    /** No credentials at all, as a stranger would ask. */
    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
