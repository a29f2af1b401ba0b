package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.HostileRecords;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DatasetKind;
import tvae.events.DeadLetter;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.Topics;

/**
 * A thousand hostile records on each of the evaluator's five topics (not JSON, binary, deep nesting, endless numbers,
 * wrong types, megabyte values, ...): every one is dead-lettered with a reason, and each consumer still stores the
 * valid event sent after them.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class HostileInputTest {
    private static final int PER_TOPIC = 1000;
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final RunFixture run = new RunFixture("after-hostile-run", DatasetKind.PYTHON_LINES);

    @Test
    void everyHostileRecordIsDeadLetteredAndEveryConsumerGoesOn() {
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            Map<String, Event> validByTopic = Map.of(
                    Topics.TRAINING_REQUESTS, run.request(),
                    Topics.TRAINING_PROGRESS, run.progress(2, 1).get(1),
                    Topics.CHECKPOINTS, run.checkpoint(2),
                    Topics.SAMPLES, run.reconstruction(2, 0, "x = 1", "x = 1"),
                    Topics.PROBE_LATENTS, run.probe(2, 5));
            validByTopic.forEach((topic, valid) -> {
                List<DeadLetter> letters = HostileRecords.sendAndAwaitDeadLetters(kafka, topic, EventJson.encodeToString(valid),
                        PER_TOPIC, "evaluator-service", WAIT);
                assertEquals(PER_TOPIC, letters.size(), topic);
                assertTrue(letters.stream().allMatch(letter -> !letter.reason().isBlank() && letter.topic().equals(topic)), topic);
            });

            RunFixture.send(kafka, Topics.TRAINING_REQUESTS, run.request().runId(), run.request());
            run.progress(2, 1).forEach(p -> RunFixture.send(kafka, Topics.TRAINING_PROGRESS, p.runId(), p));
            RunFixture.send(kafka, Topics.CHECKPOINTS, run.checkpointId(2), run.checkpoint(2));
            RunFixture.send(kafka, Topics.SAMPLES, "after-hostile-sample", run.reconstruction(2, 0, "x = 1", "x = 1"));
            RunFixture.send(kafka, Topics.PROBE_LATENTS, run.checkpointId(2), run.probe(2, 5));
            Eventually.await("every topic's valid event stored", WAIT, () ->
                    EvaluationDatabase.count("SELECT count(*) FROM runs WHERE run_id = ?", run.request().runId()) == 1
                    && EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id = ?", run.request().runId()) > 0
                    && EvaluationDatabase.count("SELECT count(*) FROM checkpoints WHERE run_id = ?", run.request().runId()) == 1
                    && EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", run.request().runId()) == 1
                    && EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id = ?", run.checkpointId(2)) > 0);
        }
    }
}
