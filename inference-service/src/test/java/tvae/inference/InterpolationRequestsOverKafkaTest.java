package tvae.inference;

import static tvae.deploy.TestApi.anonymous;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.HostileRecords;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.LocalStackTestResource;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.Topics;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InterpolationRequestsOverKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PlainKafkaClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Well-formed but over a limit: the caller waits on the results topic, so the answer is an error result there. */
    @Test
    void aRequestOverALimitGetsAnErrorResultNamingTheLimit() {
        java.util.List<Double> ratios = java.util.stream.IntStream.range(0, 65).mapToObj(i -> i / 64.0).toList();
        InterpolationRequested request = InterpolationRequested.of("too-many-ratios", "x = 1", "y = 2", ratios, null, null);
        kafka.send(Topics.INTERPOLATION_REQUESTS, request.requestId(), EventJson.encode(request));
        InterpolationResult result = EventJson.decode(kafka.await(Topics.INTERPOLATION_RESULTS,
                r -> "too-many-ratios".equals(r.key()), WAIT).value(), InterpolationResult.class);
        assertTrue(result.error() != null && result.error().contains("tvae.limits.max-ratios"), String.valueOf(result.error()));
    }

    /** A request for a checkpoint that is not served is answered with an error result, not run and not dropped. */
    @Test
    void aRequestForAnotherCheckpointGetsAnErrorResult() {
        InterpolationRequested request = InterpolationRequested.of("other-checkpoint", "x = 1", "y = 2", null, null,
                "no-such-checkpoint");
        kafka.send(Topics.INTERPOLATION_REQUESTS, request.requestId(), EventJson.encode(request));
        InterpolationResult result = EventJson.decode(kafka.await(Topics.INTERPOLATION_RESULTS,
                r -> "other-checkpoint".equals(r.key()), WAIT).value(), InterpolationResult.class);
        String error = String.valueOf(result.error());
        // Which of the two it is depends on whether an earlier test class left a checkpoint being served.
        assertTrue(error.contains("checkpoint 'no-such-checkpoint' is not the one served") || error.contains("no checkpoint loaded yet"),
                error);
    }

    @Test
    void aMalformedRequestIsDeadLettered() {
        kafka.send(Topics.INTERPOLATION_REQUESTS, "broken-1", "{\"schemaVersion\":1,\"type\":\"InterpolationRequested\"}");
        DeadLetter letter = EventJson.decode(
                kafka.await(Topics.DEAD_LETTER, r -> "broken-1".equals(r.key()), WAIT).value(), DeadLetter.class);
        assertEquals("inference-service", letter.consumer());
        assertTrue(letter.reason().contains("missing field 'eventId'"), letter.reason());
    }

    @Test
    void aRequestTooLargeToDeadLetterWholeIsCutAndTheConsumerKeepsGoing() {
        byte[] junk = HostileRecords.oversized(1_200_000, 5);
        DeadLetter letter = HostileRecords.sendAndAwaitDeadLetter(kafka, Topics.INTERPOLATION_REQUESTS, "oversized-request",
                junk, "inference-service", WAIT);
        InterpolationRequested after = InterpolationRequested.of("after-oversized", "x = 1", "y = 2",
                java.util.List.of(0.5), null, null);
        kafka.send(Topics.INTERPOLATION_REQUESTS, after.requestId(), EventJson.encode(after));

        assertTrue(letter.truncated());
        assertEquals(junk.length, letter.valueBytes());
        kafka.await(Topics.INTERPOLATION_RESULTS, r -> "after-oversized".equals(r.key()), WAIT);
    }

    @Test
    void readinessIsUp() {
        anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
