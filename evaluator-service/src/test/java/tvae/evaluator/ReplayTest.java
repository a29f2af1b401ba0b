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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.ProbeLatents;
import tvae.events.SampleDecoded;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/** Consumers are idempotent: every topic read again from offset 0 by the running service leaves every table as it was. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, String> CHANNELS = Map.of("training-requests", Topics.TRAINING_REQUESTS,
            "training-progress", Topics.TRAINING_PROGRESS, "checkpoints", Topics.CHECKPOINTS, "samples", Topics.SAMPLES,
            "probe-latents", Topics.PROBE_LATENTS);
    private static final Map<String, Class<? extends Event>> EVENTS = Map.of(Topics.TRAINING_REQUESTS, TrainingRequested.class,
            Topics.TRAINING_PROGRESS, TrainingProgress.class, Topics.CHECKPOINTS, CheckpointPublished.class,
            Topics.SAMPLES, SampleDecoded.class, Topics.PROBE_LATENTS, ProbeLatents.class);
    private static PlainKafkaClient kafka;

    @Inject
    KafkaClientService clients;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void connect() {
        kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void replayingEveryTopicFromOffsetZeroChangesNoTable() {
        RunFixture run = new RunFixture("replay-run", DatasetKind.PYTHON_LINES);
        run.publishPythonRun(kafka);
        kafka.send(Topics.SAMPLES, "replay-malformed", "{not json");
        kafka.send(Topics.CHECKPOINTS, run.runId + "-withdrawn", (byte[]) null); // a trainer's tombstone: no event, no refusal
        Eventually.await("the run's samples and probes", WAIT, () ->
                EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", run.runId) == run.samplesPerPythonRun()
                        && EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id LIKE ?", run.runId + "%") == 8
                        && EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id = ?", run.runId) == 21
                        && count("dead-lettered") >= 1 && count("withdrawn") >= 1);
        Map<String, List<String>> before = EvaluationDatabase.snapshot();

        double handledBefore = handled();
        double storedBefore = count("stored");
        double refusedBefore = count("dead-lettered");
        double withdrawnBefore = count("withdrawn");
        long records = 0;
        long malformed = 0; // the malformed record above (and any of other tests): a replay refuses them again
        long tombstones = 0;
        for (String topic : CHANNELS.values()) {
            for (ConsumerRecord<String, byte[]> record : kafka.readToEnd(topic, WAIT)) {
                records++;
                if (record.value() == null) {
                    tombstones++;
                } else {
                    malformed += decodes(record.value(), EVENTS.get(topic)) ? 0 : 1;
                }
            }
        }
        long total = records;
        CHANNELS.keySet().forEach(this::rewind);
        Eventually.await(total + " replayed records", WAIT, () -> handled() >= handledBefore + total);

        assertEquals(before, EvaluationDatabase.snapshot());
        assertEquals(storedBefore, count("stored"), "no replayed record was stored anew");
        assertEquals(refusedBefore + malformed, count("dead-lettered"), "only the malformed records were refused again, "
                + "never a valid one the database turned down as a duplicate");
        assertEquals(withdrawnBefore + tombstones, count("withdrawn"), "tombstones are counted as withdrawals, never refused");
    }

    private void rewind(String channel) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        List<TopicPartition> partitions = List.copyOf(consumer.getAssignments().await().atMost(WAIT));
        assertTrue(!partitions.isEmpty(), channel + " has partitions assigned");
        consumer.seekToBeginning(partitions).await().atMost(WAIT);
    }

    private double count(String outcome) {
        return meters.find("evaluator.events").tag("outcome", outcome).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static boolean decodes(byte[] value, Class<? extends Event> type) {
        try {
            EventJson.decode(value, type);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    private double handled() {
        return meters.find("evaluator.events").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
