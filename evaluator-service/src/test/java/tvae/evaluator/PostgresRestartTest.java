package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.PostgresServer;
import tvae.evaluator.store.DatabaseOutageRetry;
import tvae.events.DatasetKind;
import tvae.events.EventJson;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.events.Topics;
import tvae.events.TrainingProgress;

/**
 * PostgreSQL is killed (SIGKILL) while the evaluator consumes and started again: every event sent before, during and
 * after the outage is stored exactly once, and no offset is committed past an event that is not yet in the database.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PostgresRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int BATCH = 40;

    @Inject
    DatabaseOutageRetry retry;

    private final RunFixture run = new RunFixture("outage-run", DatasetKind.PYTHON_LINES);
    /** The partition that holds the run's samples: keyed by checkpoint, as inference-service keys them, they share one. */
    private TopicPartition samples;

    @Test
    void aDatabaseRestartInTheMiddleOfConsumptionLosesAndDoublesNothing() throws Exception {
        PostgresServer postgres = LocalStackTestResource.stack().postgres();
        Map<String, Object> asAdmin = LocalStackTestResource.stack().kafka().adminClientProperties();
        try (PlainKafkaClient kafka = new PlainKafkaClient(asAdmin); Admin admin = Admin.create(asAdmin)) {
            List<TrainingProgress> progress = run.progress(3 * BATCH, 1);
            sendBatch(kafka, 0, progress);
            Eventually.await("the first batch stored", WAIT, () -> stored() == BATCH);

            postgres.kill();
            long firstOfOutage = endOffset(admin);
            long waitsBefore = retry.outageWaits();
            sendBatch(kafka, 1, progress);
            Eventually.await("the evaluator holds a record it cannot store", WAIT, () -> retry.outageWaits() > waitsBefore);
            long committed = committedOffset(admin);
            assertTrue(committed <= firstOfOutage, "offset " + committed + " was committed past " + firstOfOutage
                    + ", the first record that could not be stored");
            postgres.start();
            sendBatch(kafka, 2, progress);

            Eventually.await("all three batches stored", WAIT, () -> stored() == 3 * BATCH);
            long end = endOffset(admin);
            Eventually.await("offsets committed to the end once stored", WAIT, () -> committedOffset(admin) == end);
        }
        assertEquals(3 * BATCH, stored(), "nothing counted twice");
        Map<String, String> verdicts = EvaluationDatabase.rows("SELECT sample_id, verdict FROM samples WHERE run_id = ?", run.runId)
                .stream().collect(Collectors.toMap(r -> (String) r.get("sample_id"), r -> (String) r.get("verdict")));
        for (int i = 0; i < 3 * BATCH; i++) {
            assertEquals(i % 3 == 0 ? "invalid" : "valid", verdicts.get(sampleId(i)), sampleId(i));
        }
        assertEquals(3L * BATCH + 1, EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id = ?", run.runId));
        assertEquals("COMPLETED", EvaluationDatabase.rows("SELECT state FROM runs WHERE run_id = ?", run.runId).get(0).get("state"));
    }

    /** Samples of batch b (every third one unparsable), interleaved with the batch's share of the progress events. */
    private void sendBatch(PlainKafkaClient kafka, int batch, List<TrainingProgress> progress) {
        List<TrainingProgress> share = progress.subList(batch == 0 ? 0 : batch * BATCH + 1, (batch + 1) * BATCH + 1);
        for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
            String text = i % 3 == 0 ? "value = compute(" + i : "value = compute(" + i + ")";
            RecordMetadata at = kafka.send(Topics.SAMPLES, run.checkpointId(100), EventJson.encode(SampleDecoded.of(sampleId(i),
                    run.checkpointId(100), run.runId, "python-lines", SampleKind.REQUEST, null, null, null, null, null, text)));
            if (samples == null) {
                samples = new TopicPartition(Topics.SAMPLES, at.partition());
            }
            assertEquals(samples.partition(), at.partition(), "one checkpoint, one partition");
            RunFixture.send(kafka, Topics.TRAINING_PROGRESS, run.runId, share.get(i - batch * BATCH));
        }
        share.subList(BATCH, share.size()).forEach(p -> RunFixture.send(kafka, Topics.TRAINING_PROGRESS, run.runId, p));
    }

    private String sampleId(int i) {
        return run.runId + "/request/" + i;
    }

    private long stored() {
        return EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", run.runId);
    }

    private long endOffset(Admin admin) throws Exception {
        return admin.listOffsets(Map.of(samples, OffsetSpec.latest())).partitionResult(samples).get().offset();
    }

    private long committedOffset(Admin admin) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("evaluator-service").partitionsToOffsetAndMetadata()
                    .get().get(samples);
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
