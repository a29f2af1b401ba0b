package tvae.inference;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asOperator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.HostileRecords;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.DeadLetter;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.Topics;

/**
 * A thousand hostile records on each topic the inference service reads (interpolation requests, and both checkpoint
 * topics of the feed): every one is dead-lettered with a reason, the feed stays ready and still takes a real
 * checkpoint, and the request consumer still answers a valid request.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class HostileInputTest {
    private static final int PER_TOPIC = 1000;
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String RUN = "after-hostile-" + System.nanoTime();

    @Test
    void everyHostileRecordIsDeadLetteredAndEveryConsumerGoesOn() throws InterruptedException {
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            Map<String, Event> validByTopic = Map.of(
                    Topics.INTERPOLATION_REQUESTS, InterpolationRequested.of("template", "x = 1", "y = 2", List.of(0.5), null, null),
                    Topics.CHECKPOINT_CHUNKS, CheckpointChunk.of("template", 0, 1, "00".repeat(32), new byte[] {1, 2, 3}),
                    Topics.CHECKPOINTS, CheckpointPublished.of("template", "template-run", 1,
                            JsonNodeFactory.instance.objectNode().put("step", 1), 1, 3, "00".repeat(32)));
            validByTopic.forEach((topic, valid) -> {
                List<DeadLetter> letters = HostileRecords.sendAndAwaitDeadLetters(kafka, topic, EventJson.encodeToString(valid),
                        PER_TOPIC, "inference-service", WAIT);
                assertEquals(PER_TOPIC, letters.size(), topic);
                assertTrue(letters.stream().allMatch(letter -> !letter.reason().isBlank() && letter.topic().equals(topic)), topic);
            });

            anonymous().get("/q/health/ready").then().statusCode(200);
            Path zip = TinyCheckpoints.train(RUN, 2);
            TinyCheckpoints.publish(LocalStackTestResource.stack().kafka().adminClientProperties(), zip, RUN + "-step-2", RUN, 2);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!asOperator().get("/model").then().extract().jsonPath().getList("available.checkpointId").contains(RUN + "-step-2")) {
                assertTrue(System.nanoTime() < deadline, "the feed never took the checkpoint sent after the hostile records");
                Thread.sleep(200);
            }
            InterpolationRequested after = InterpolationRequested.of(RUN + "-request", "x = 1", "y = 2", List.of(0.5), null, null);
            kafka.send(Topics.INTERPOLATION_REQUESTS, after.requestId(), EventJson.encode(after));
            kafka.await(Topics.INTERPOLATION_RESULTS, r -> after.requestId().equals(r.key()), WAIT);
        }
    }
}
