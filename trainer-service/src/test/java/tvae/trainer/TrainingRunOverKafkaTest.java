package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointContents;
import tvae.checkpoint.CheckpointSignature;
import tvae.deploy.KafkaCluster;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.events.HyperParameters;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.trainer.checkpoints.CheckpointOutbox;
import tvae.transfer.CheckpointAssembler;

/**
 * Real tiny training runs submitted as events: progress arrives while they train, and their checkpoints arrive over
 * Kafka whole, loadable and exactly once, also when the broker goes away in the middle of a run.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TrainingRunOverKafkaTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final DatasetSpec SMALL_PYTHON_LINES = new DatasetSpec(DatasetKind.PYTHON_LINES, null, 256);
    private static PlainKafkaClient kafka;

    @Inject
    CheckpointOutbox outbox;

    @BeforeAll
    static void connect() {
        kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aRunFromAnEventReportsProgressAndPublishesCheckpointsThatReassembleAndLoad() throws Exception {
        String runId = "event-run-" + System.nanoTime();
        submit(runId, 40, 20);

        TrainingProgress completed = awaitState(runId, RunState.COMPLETED);
        assertEquals(40, completed.step());
        assertNotNull(completed.tokenAccuracy(), "held-out accuracy on completion: " + completed.message());
        List<TrainingProgress> progress = progressOf(runId);
        assertTrue(progress.stream().anyMatch(p -> p.state() == RunState.RUNNING && p.step() > 0 && p.losses().containsKey("total")
                && p.tokensPerSecond() != null && p.tokensPerSecond() > 0), "running progress with loss and tokens/s: " + progress);

        Map<String, CheckpointPublished> checkpoints = checkpointsOf(runId);
        assertEquals(List.of(runId + "-step-20", runId + "-step-40"), checkpoints.keySet().stream().sorted().toList());
        CheckpointContents last = Checkpoint.read(reassemble(checkpoints.get(runId + "-step-40")));
        assertEquals(40, last.step());
        assertEquals("python-lines", last.dataset().path("kind").asText(), "the manifest names the run's data");
    }

    @Test
    void aBrokerOutageInTheMiddleOfARunDelaysItsCheckpointsButLosesAndDuplicatesNone() throws Exception {
        String runId = "outage-run-" + System.nanoTime();
        submit(runId, 120, 30);
        awaitState(runId, RunState.CHECKPOINTED);

        KafkaCluster broker = LocalStackTestResource.stack().kafka();
        broker.stop();
        try {
            // training goes on: its next checkpoint waits in the outbox until the broker is back
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (outbox.backlog() == 0) {
                assertTrue(System.nanoTime() < deadline, "no checkpoint was held back during the outage");
                Thread.sleep(200);
            }
        } finally {
            broker.start();
        }
        awaitState(runId, RunState.COMPLETED);
        // The progress producer may reconnect before the outbox retries: wait for the last checkpoint (the outbox
        // publishes in order), then count.
        kafka.await(Topics.CHECKPOINTS, r -> r.key().equals(runId + "-step-120"), WAIT);
        Map<String, Long> announced = kafka.readToEnd(Topics.CHECKPOINTS, WAIT).stream().filter(r -> r.key().startsWith(runId))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertEquals(Map.of(runId + "-step-30", 1L, runId + "-step-60", 1L, runId + "-step-90", 1L, runId + "-step-120", 1L),
                announced, "every checkpoint announced exactly once");
        for (CheckpointPublished checkpoint : checkpointsOf(runId).values()) {
            assertEquals(checkpoint.step(), Checkpoint.read(reassemble(checkpoint)).step());
        }
    }

    private static void submit(String runId, long steps, int checkpointEvery) {
        TrainingRequested request = TrainingRequested.of(runId, SMALL_PYTHON_LINES, ModelSpec.preset("tiny"),
                HyperParameters.of(Map.of("batchSize", 16)), steps, null, checkpointEvery);
        kafka.send(Topics.TRAINING_REQUESTS, runId, EventJson.encode(request));
    }

    private static TrainingProgress awaitState(String runId, RunState state) {
        ConsumerRecord<String, byte[]> record = kafka.await(Topics.TRAINING_PROGRESS,
                r -> runId.equals(r.key()) && progress(r).state() == state, WAIT);
        return progress(record);
    }

    private static List<TrainingProgress> progressOf(String runId) {
        return kafka.readToEnd(Topics.TRAINING_PROGRESS, WAIT).stream().filter(r -> runId.equals(r.key()))
                .map(TrainingRunOverKafkaTest::progress).toList();
    }

    private static Map<String, CheckpointPublished> checkpointsOf(String runId) {
        return kafka.readToEnd(Topics.CHECKPOINTS, WAIT).stream().filter(r -> r.key().startsWith(runId))
                .map(r -> EventJson.decode(r.value(), CheckpointPublished.class))
                .collect(Collectors.toMap(CheckpointPublished::checkpointId, Function.identity()));
    }

    /** The public half of the test stack's pair; the trainer under test signs with its private half. */
    private static final String TEST_VERIFY_KEY = LocalStackTestResource.stack().secrets().checkpointVerifyKey();

    /**
     * The announced chunks, read as inference-service reads them, assembled and checked against the sha256; the
     * trainer signed it, and the announcement carries the signed manifest.
     */
    private static Path reassemble(CheckpointPublished published) throws Exception {
        CheckpointAssembler.Outcome done = CheckpointReception.assemble(kafka, published, WAIT);
        assertTrue(done.accepted(), done.refusal());
        assertEquals(published.sha256(), tvae.transfer.Sha256.of(done.file()), "reassembled bytes match the announced sha256");
        assertEquals(published.manifest(), Checkpoint.verify(done.file(),
                CheckpointSignature.publicKeys(TEST_VERIFY_KEY, "test verify key"), Long.MAX_VALUE));
        return done.file();
    }

    private static TrainingProgress progress(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), TrainingProgress.class);
    }
}
