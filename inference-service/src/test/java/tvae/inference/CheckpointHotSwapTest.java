package tvae.inference;

import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointChunk;
import tvae.events.DeadLetter;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.events.EventJson;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.events.Topics;

/** Checkpoints arrive over the real broker; the served model changes without a restart, and a corrupt one is refused. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CheckpointHotSwapTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static PlainKafkaClient kafka;
    private static Map<String, Object> asAdmin;

    @BeforeAll
    static void connect() {
        asAdmin = LocalStackTestResource.stack().kafka().adminClientProperties();
        kafka = new PlainKafkaClient(asAdmin);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void servesEachNewCheckpointRefusesACorruptOneAndKeepsServingThePrevious() throws Exception {
        Path first = TinyCheckpoints.train("swap-run", 3);
        TinyCheckpoints.publish(asAdmin, first, "swap-run-step-3", "swap-run", 3);
        TinyCheckpoints.awaitServed("swap-run-step-3");
        interpolateWith("swap-run-step-3");

        TinyCheckpoints.publish(asAdmin, TinyCheckpoints.corrupted(first), "swap-run-step-6", "swap-run", 6);
        DeadLetter refusal = EventJson.decode(kafka.await(Topics.DEAD_LETTER,
                r -> "swap-run-step-6".equals(CheckpointChunk.checkpointIdOfKey(r.key())), WAIT).value(),
                DeadLetter.class);
        assertTrue(refusal.reason().contains("refused") && refusal.reason().contains("still serving swap-run-step-3"), refusal.reason());
        asOperator().get("/model").then().statusCode(200).body("served.checkpointId", equalTo("swap-run-step-3"));
        interpolateWith("swap-run-step-3");

        Path second = TinyCheckpoints.train("swap-run", 9);
        TinyCheckpoints.publish(asAdmin, second, "swap-run-step-9", "swap-run", 9);
        TinyCheckpoints.awaitServed("swap-run-step-9");
        interpolateWith("swap-run-step-9");
    }

    @Test
    void everyServedCheckpointRunsTheEvaluationSuite() {
        Path zip = TinyCheckpoints.train("suite-run", 2);
        TinyCheckpoints.publish(asAdmin, zip, "suite-run-step-2", "suite-run", 2);
        List<SampleDecoded> samples = kafka.awaitAll(Topics.SAMPLES, r -> "suite-run-step-2".equals(r.key())
                        && EventJson.decode(r.value(), SampleDecoded.class).sampleId().startsWith("suite-run-step-2/"),
                64 + 8 * 11 + 6 * 2 * 2 * 2, WAIT).stream().map(r -> EventJson.decode(r.value(), SampleDecoded.class)).toList();
        assertEquals(64, samples.stream().filter(s -> s.kind() == SampleKind.RECONSTRUCTION).count());
        assertEquals(8 * 11, samples.stream().filter(s -> s.kind() == SampleKind.INTERPOLATION).count());
        // 6 ordered pairs of the 3 commonest statement kinds, 2 inputs each (test setting), learnt and random, each
        // decoded greedy and guided
        List<SampleDecoded> edits = samples.stream().filter(s -> s.kind() == SampleKind.EDIT).toList();
        assertEquals(6 * 2 * 2 * 2, edits.size());
        assertEquals(6 * 2 * 2, edits.stream().filter(s -> s.edit().direction() == EditDirection.RANDOM).count());
        assertEquals(6 * 2 * 2, edits.stream().filter(s -> s.decoding() == DecodingStrategy.GUIDED).count());
        assertTrue(samples.stream().filter(s -> s.kind() != SampleKind.EDIT).allMatch(s -> s.decoding() == DecodingStrategy.GREEDY));
        assertTrue(edits.stream().allMatch(s -> s.inputA() != null && !s.edit().fromLabel().equals(s.edit().toLabel())));
        kafka.await(Topics.PROBE_LATENTS, r -> "suite-run-step-2".equals(r.key()), WAIT);
    }

    private static void interpolateWith(String checkpointId) {
        asOperator().contentType("application/json").body("{\"inputA\":\"x = 1\",\"inputB\":\"return self.value\"}")
                .post("/interpolate").then().statusCode(200)
                .body("checkpointId", equalTo(checkpointId)).body("points", hasSize(11));
    }
}
