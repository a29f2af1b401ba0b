package tvae.inference;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tvae.deploy.TestApi.asOperator;
import static tvae.deploy.TestApi.asViewer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/**
 * The latent playground with a real checkpoint: each edit is checked against what plain interpolation decodes at the
 * same latent point (ratio 0 is A's code, ratio 1 is B's), so the arithmetic is shown to reach the model.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class LatentPlaygroundHttpTest {
    private static final String RUN = "playground-run-" + System.nanoTime();
    private static final String A = "x = 1";
    private static final String B = "return self.name";

    /** Not @BeforeAll: RestAssured knows the test port only once the Quarkus app runs. */
    @BeforeEach
    void serveACheckpoint() throws InterruptedException {
        TinyCheckpoints.serveOnce(RUN, 5);
    }

    @Test
    void aChildOfOneParentIsThatParentAndCanBreedAgain() {
        JsonPath bred = post("/breed", Map.of("parents", List.of(Map.of("text", A, "weight", 1), Map.of("text", B, "weight", 0)),
                "children", 2, "noise", 0));
        List<String> texts = bred.getList("children.text");
        assertEquals(List.of(ends().get(0), ends().get(0)), texts);

        List<?> latent = bred.getList("children.latent").get(0) instanceof List<?> l ? l : List.of();
        JsonPath again = post("/breed", Map.of("parents", List.of(Map.of("latent", latent)), "children", 1, "noise", 0));
        assertEquals(texts.subList(0, 1), again.getList("children.text"));
    }

    @Test
    void noiseIsSeeded() {
        Map<String, Object> body = Map.of("parents", List.of(Map.of("text", A), Map.of("text", B)), "children", 3, "noise", 2.0,
                "seed", 11);
        List<Object> first = post("/breed", body).getList("children.latent");
        assertEquals(first, post("/breed", body).getList("children.latent"));
        assertNotEquals(first.get(0), first.get(1), "each child draws its own noise");
    }

    @Test
    void aDirectionFromAToBMovesAToB() {
        assertNotEquals(ends().get(0), ends().get(1), "the model must tell A from B for this test to say anything");
        JsonPath learnt = post("/directions", Map.of("name", "a-to-b", "from", List.of(A), "to", List.of(B)));
        assertTrue(learnt.getDouble("norm") > 0);
        assertTrue(asViewer().get("/directions").then().statusCode(200).extract().jsonPath().getList("names").contains("a-to-b"));

        JsonPath edited = post("/edit", Map.of("input", A, "direction", "a-to-b", "strengths", List.of(0, 1)));
        assertEquals(ends(), edited.getList("points.text"));

        asOperator().contentType("application/json").body(Map.of("input", A, "direction", "never-learnt")).post("/edit")
                .then().statusCode(404).body("error", containsString("never-learnt"));
    }

    @Test
    void swappingEveryTokenGivesB() {
        int latentTokens = asOperator().contentType("application/json").body(Map.of("inputs", List.of(A))).post("/encode")
                .then().statusCode(200).extract().jsonPath().getInt("shape[0]");
        JsonPath swapped = post("/swap", Map.of("inputA", A, "inputB", B, "tokens",
                java.util.stream.IntStream.range(0, latentTokens).boxed().toList()));
        assertEquals(ends().get(1), swapped.getString("text"));
        assertEquals(latentTokens, swapped.getList("singleTokens").size());
    }

    @Test
    void cpythonJudgesEachLine() {
        JsonPath judged = post("/judge", Map.of("lines", List.of("x = 1", "x = = 1")));
        assertEquals(List.of(true, false), judged.getList("verdicts.valid"));
        assertEquals("Assign", judged.getString("verdicts[0].statement"));
    }

    @Test
    void refusesBadBodiesNamingTheFieldOrTheLimit() {
        refused("/judge", "{\"lines\":[]}", "'lines'");
        refused("/breed", "{\"parents\":[]}", "'parents'");
        refused("/breed", "{\"parents\":[{\"text\":\"x = 1\",\"latent\":[[1.0]]}]}", "either 'text' or 'latent'");
        refused("/breed", "{\"parents\":[{\"latent\":[[1.0, 2.0]]}]}", "parents[0].latent");
        refused("/breed", "{\"parents\":[{\"text\":\"x = 1\",\"weight\":0}]}", "must not all be 0");
        refused("/breed", "{\"parents\":[{\"text\":\"x = 1\"}],\"children\":65}", "tvae.limits.max-batch");
        refused("/breed", "{\"parents\":[{\"text\":\"x = 1\"}],\"noise\":-1}", "'noise'");
        refused("/directions", "{\"name\":\"a b\",\"from\":[\"x\"],\"to\":[\"y\"]}", "'name'");
        refused("/directions", "{\"name\":\"ab\",\"from\":[],\"to\":[\"y\"]}", "'from'");
        refused("/edit", "{\"input\":\"x = 1\",\"direction\":\"a\",\"strengths\":[11]}", "strengths[0]");
        refused("/swap", "{\"inputA\":\"x = 1\",\"inputB\":\"y\",\"tokens\":[99]}", "'tokens'");
        refused("/swap", "{\"inputA\":\"x = 1\",\"inputB\":\"y\",\"tokens\":[]}", "'tokens'");
    }

    /** What interpolation decodes at A's and at B's own code. */
    private static List<String> ends() {
        return post("/interpolate", Map.of("inputA", A, "inputB", B, "ratios", List.of(0.0, 1.0))).getList("points.text");
    }

    private static JsonPath post(String path, Map<String, ?> body) {
        return asOperator().contentType("application/json").body(body).post(path).then().statusCode(200).extract().jsonPath();
    }

    private static void refused(String path, String body, String errorPart) {
        asOperator().contentType("application/json").body(body).post(path).then().statusCode(400).body("error", containsString(errorPart));
    }
}
