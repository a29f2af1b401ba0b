package tvae.inference;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tvae.deploy.TestApi.asOperator;
import static tvae.deploy.TestApi.asViewer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.ModelSelected;
import tvae.events.Topics;

/**
 * Every replica serves the same selection: a PUT here is shared on vae.model-selection, and a selection another
 * replica shared there becomes this one's (the test plays the other replica with a raw client).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SharedSelectionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AfterEach
    void backToTheLatest() throws InterruptedException {
        asOperator().contentType("application/json").body("{}").put("/model/selection").then().statusCode(200);
        awaitSelection("latest");
    }

    @Test
    void aSelectionSharedByAnotherReplicaIsAdoptedHere() throws InterruptedException {
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            kafka.send(Topics.MODEL_SELECTION, ModelSelected.KEY, EventJson.encode(ModelSelected.of("pinned-elsewhere")));
            awaitSelection("run pinned-elsewhere");

            kafka.send(Topics.MODEL_SELECTION, ModelSelected.KEY, "{\"not\":\"a selection\"}");
            DeadLetter letter = kafka.awaitDeadLetter(ModelSelected.KEY, "inference-service", WAIT);
            assertEquals(Topics.MODEL_SELECTION, letter.topic());
            assertTrue(letter.reason().contains("not a serving selection"), letter.reason());
            assertEquals("run pinned-elsewhere", selection(), "a bad record changes nothing");
        }
    }

    @Test
    void aSelectionMadeHereIsSharedWithTheOtherReplicas() {
        asOperator().contentType("application/json").body("{\"runId\":\"pinned-here\"}").put("/model/selection")
                .then().statusCode(200).body("selection", containsString("pinned-here"));
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            ModelSelected shared = EventJson.decode(kafka.await(Topics.MODEL_SELECTION,
                    r -> PlainKafkaClient.text(r).contains("\"runId\":\"pinned-here\""), WAIT).value(), ModelSelected.class);
            assertEquals("pinned-here", shared.runId());
        }
        asOperator().contentType("application/json").body("{\"runId\":\"" + "r".repeat(ModelSelected.MAX_RUN_ID_CHARS + 1) + "\"}")
                .put("/model/selection").then().statusCode(400).body("error", containsString("runId"));
    }

    private static String selection() {
        return asViewer().get("/model").then().statusCode(200).extract().path("selection");
    }

    /** Polls GET /model until the feed has applied it; the guard only stops a hang. */
    private static void awaitSelection(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!expected.equals(selection())) {
            assertTrue(System.nanoTime() < deadline, "the selection never became " + expected + ", is " + selection());
            Thread.sleep(200);
        }
    }
}
