package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DatasetKind;
import tvae.events.Topics;

/** Consumers are idempotent: every topic read again from offset 0 by the running service leaves every table as it was. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, String> CHANNELS = Map.of("training-requests", Topics.TRAINING_REQUESTS,
            "training-progress", Topics.TRAINING_PROGRESS, "checkpoints", Topics.CHECKPOINTS, "samples", Topics.SAMPLES,
            "probe-latents", Topics.PROBE_LATENTS);
    private static PlainKafkaClient kafka;

    @Inject
    KafkaClientService clients;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void connect() {
        kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void replayingEveryTopicFromOffsetZeroChangesNoTable() {
        RunFixture run = new RunFixture("replay-run", DatasetKind.PYTHON_LINES);
        run.publishPythonRun(kafka);
        Eventually.await("the run's samples and probes", WAIT, () ->
                EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", run.runId) == run.samplesPerPythonRun()
                        && EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id LIKE ?", run.runId + "%") == 8
                        && EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id = ?", run.runId) == 21);
        Map<String, List<String>> before = EvaluationDatabase.snapshot();

        double handledBefore = handled();
        long records = CHANNELS.values().stream().mapToLong(topic -> kafka.readToEnd(topic, WAIT).size()).sum();
        CHANNELS.keySet().forEach(this::rewind);
        Eventually.await(records + " replayed records", WAIT, () -> handled() >= handledBefore + records);

        assertEquals(before, EvaluationDatabase.snapshot());
        assertTrue(meters.find("evaluator.events").tag("outcome", "unchanged").counters().stream()
                .mapToDouble(c -> c.count()).sum() >= records, "every replayed record was recognised as already stored");
    }

    private void rewind(String channel) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        List<TopicPartition> partitions = List.copyOf(consumer.getAssignments().await().atMost(WAIT));
        assertTrue(!partitions.isEmpty(), channel + " has partitions assigned");
        consumer.seekToBeginning(partitions).await().atMost(WAIT);
    }

    private double handled() {
        return meters.find("evaluator.events").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
