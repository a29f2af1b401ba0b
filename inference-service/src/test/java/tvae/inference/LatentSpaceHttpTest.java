package tvae.inference;

import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tvae.decode.PythonLineState;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DecodingStrategy;
import tvae.events.EventJson;
import tvae.events.SampleDecoded;
import tvae.events.Topics;

/** POST /encode and /decode with a real checkpoint: codes come out in the model's shape and decode like /interpolate's ends. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class LatentSpaceHttpTest {
    private static final String RUN = "latent-run-" + System.nanoTime();
    private static final List<String> INPUTS = List.of("x = 1", "return self.name");

    /** Not @BeforeAll: RestAssured knows the test port only once the Quarkus app runs. */
    @BeforeEach
    void serveACheckpoint() throws InterruptedException {
        TinyCheckpoints.serveOnce(RUN, 5);
    }

    @Test
    void encodedCodesDecodeToWhatInterpolationGivesAtItsEnds() {
        JsonPath encoded = asOperator().contentType("application/json").body(Map.of("inputs", INPUTS)).post("/encode")
                .then().statusCode(200).extract().jsonPath();
        List<List<List<Float>>> latents = encoded.getList("latents");
        assertEquals(INPUTS.size(), latents.size());
        assertEquals(encoded.getList("shape"), List.of(latents.get(0).size(), latents.get(0).get(0).size()));

        JsonPath decoded = asOperator().contentType("application/json").body(Map.of("latents", latents)).post("/decode")
                .then().statusCode(200).extract().jsonPath();
        JsonPath interpolated = asOperator().contentType("application/json")
                .body(Map.of("inputA", INPUTS.get(0), "inputB", INPUTS.get(1), "ratios", List.of(0.0, 1.0))).post("/interpolate")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(interpolated.getList("points.text"), decoded.getList("texts"));
        assertEquals(encoded.getString("checkpointId"), decoded.getString("checkpointId"));
    }

    /**
     * Guided decoding over HTTP: every point comes out with its brackets and strings closed, judged by CPython, and the
     * samples it publishes say they were decoded guided, so the evaluator counts them apart from raw ones.
     */
    @Test
    void guidedInterpolationGivesBalancedLines() {
        JsonPath guided = asOperator().contentType("application/json")
                .body(Map.of("inputA", INPUTS.get(0), "inputB", INPUTS.get(1), "options", Map.of("strategy", "guided", "beamWidth", 2)))
                .post("/interpolate").then().statusCode(200).extract().jsonPath();
        List<String> texts = guided.getList("points.text");
        assertEquals(11, texts.size());
        for (String text : texts) {
            PythonLineState state = PythonLineState.START.after(text);
            assertTrue(state != null && state.canEnd(), "unbalanced: " + text);
        }
        String requestId = guided.getString("requestId");
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            List<SampleDecoded> samples = kafka.awaitAll(Topics.SAMPLES,
                    r -> EventJson.decode(r.value(), SampleDecoded.class).sampleId().startsWith(requestId + "@"),
                    11, Duration.ofSeconds(60)).stream().map(r -> EventJson.decode(r.value(), SampleDecoded.class)).toList();
            assertTrue(samples.stream().allMatch(sample -> sample.decoding() == DecodingStrategy.GUIDED), samples.toString());
        }
        asOperator().contentType("application/json")
                .body(Map.of("inputA", "x = 1", "inputB", "y = 2", "options", Map.of("strategy", "guided", "beamWidth", 17)))
                .post("/interpolate").then().statusCode(400).body("error", containsString("options.beamWidth"));
    }

    /** A request for a checkpoint that is not served is a 409 naming both, and is not run. */
    @Test
    void askingForAnotherCheckpointIsAConflict() {
        asOperator().contentType("application/json")
                .body(Map.of("inputA", INPUTS.get(0), "inputB", INPUTS.get(1), "checkpointId", "not-" + RUN))
                .post("/interpolate").then().statusCode(409)
                .body("error", containsString("checkpoint 'not-" + RUN + "' is not the one served"));
    }

    @Test
    void refusesBadBodiesNamingTheFieldOrTheLimit() {
        post("/encode", "{\"inputs\":[]}", "'inputs'");
        post("/encode", "{\"inputs\":[\"" + "x".repeat(1001) + "\"]}", "tvae.limits.max-input-chars");
        post("/encode", "{\"inputs\":[" + "\"a\",".repeat(64) + "\"a\"]}", "tvae.limits.max-batch");
        post("/decode", "{oops", "malformed JSON");
        post("/decode", "{\"latents\":[[[1.0, 2.0]]]}", "must be");
        post("/decode", "{\"latents\":[[[1.0, null]]]}", "list of numbers");
    }

    private static void post(String path, String body, String errorPart) {
        asOperator().contentType("application/json").body(body).post(path).then().statusCode(400).body("error", containsString(errorPart));
    }
}
