package tvae.inference;

import static tvae.deploy.TestApi.asOperator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.events.Topics;
import tvae.inference.serving.DeviceQueue;
import tvae.inference.serving.DeviceQueue.Caller;

/**
 * Hundreds of interpolation requests on Kafka at once: the consumer takes them a few at a time, HTTP requests sent
 * meanwhile are answered ahead of the backlog (they wait behind at most the Kafka requests on the device when they
 * came), and every Kafka request is still answered on the results topic. Counters, not clocks, tell who waited.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class KafkaBacklogDoesNotStarveHttpTest {
    private static final int BACKLOG = 300;
    private static final int HTTP_REQUESTS = 3;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String RUN = "backlog-run-" + System.nanoTime();
    /** The statement node types of Python's ast (3.11): what a probe label of a Python line may be. */
    private static final Set<String> STATEMENTS = Set.of("FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete",
            "Assign", "AugAssign", "AnnAssign", "For", "AsyncFor", "While", "If", "With", "AsyncWith", "Match", "Raise", "Try",
            "TryStar", "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue");

    @Inject
    DeviceQueue device;

    @Test
    void httpRequestsAreServedDuringAKafkaBacklogAndEveryKafkaRequestIsAnswered() throws InterruptedException {
        Map<String, Object> asAdmin = LocalStackTestResource.stack().kafka().adminClientProperties();
        try (PlainKafkaClient kafka = new PlainKafkaClient(asAdmin)) {
            String checkpointId = RUN + "-step-2";
            Path zip = TinyCheckpoints.train(RUN, 2);
            TinyCheckpoints.publish(asAdmin, zip, checkpointId, RUN, 2);
            // the evaluation suite of a new checkpoint is background work too; its probe latents are the last it sends
            ProbeLatents probe = EventJson.decode(kafka.await(Topics.PROBE_LATENTS, r -> checkpointId.equals(r.key()), WAIT).value(),
                    ProbeLatents.class);
            // held-out python lines are labelled with their first statement's kind, as the CPython workers name it
            assertEquals("python-statement-kinds", probe.probeSet());
            Set<String> kinds = new HashSet<>(probe.items().stream().map(ProbeItem::label).toList());
            assertTrue(!kinds.isEmpty() && STATEMENTS.containsAll(kinds), kinds.toString());

            long kafkaBefore = device.answered(Caller.KAFKA);
            String prefix = RUN + "/request/";
            for (int i = 0; i < BACKLOG; i++) {
                InterpolationRequested request = InterpolationRequested.of(prefix + i, "x = " + i, "return self.items[" + i + "]",
                        List.of(0.0, 0.5, 1.0), null, null);
                kafka.send(Topics.INTERPOLATION_REQUESTS, request.requestId(), EventJson.encode(request));
            }
            awaitThat(() -> device.kafkaInFlight() > 0 && device.answered(Caller.KAFKA) > kafkaBefore,
                    "the backlog never reached the device");

            for (int i = 0; i < HTTP_REQUESTS; i++) {
                asOperator().contentType("application/json")
                        .body(Map.of("inputA", "x = 1", "inputB", "return self.name", "ratios", List.of(0.0, 0.5, 1.0)))
                        .post("/interpolate").then().statusCode(200);
                long kafkaDone = device.answered(Caller.KAFKA) - kafkaBefore;
                assertTrue(kafkaDone < BACKLOG, "HTTP request " + i + " was answered only after the whole backlog (" + kafkaDone + ")");
                long waitedBehind = device.backgroundAnsweredWhileLastHttpWaited();
                assertTrue(waitedBehind <= device.kafkaShare(), "HTTP request " + i + " waited while " + waitedBehind
                        + " Kafka requests were answered; the bound is " + device.kafkaShare());
            }

            List<ConsumerRecord<String, byte[]>> results = kafka.awaitAll(Topics.INTERPOLATION_RESULTS,
                    r -> r.key() != null && r.key().startsWith(prefix), BACKLOG, WAIT);
            Set<String> answered = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : results) {
                InterpolationResult result = EventJson.decode(record.value(), InterpolationResult.class);
                assertEquals(null, result.error(), record.key());
                assertEquals(3, result.points().size(), record.key());
                answered.add(result.requestId());
            }
            assertEquals(BACKLOG, answered.size());
            assertEquals(0, device.kafkaInFlight());
        }
    }

    /** Polls for a state the service reaches by itself; the bound only turns a hang into a failure. */
    private static void awaitThat(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            Thread.sleep(5);   // a pause between looks, not a stand-in for the state (two cores: no busy spinning)
        }
    }
}
