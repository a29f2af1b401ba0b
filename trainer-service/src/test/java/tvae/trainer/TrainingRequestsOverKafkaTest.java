package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.HostileRecords;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.LocalStackTestResource;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TrainingRequestsOverKafkaTest {
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

    @Test
    void aRequestFromAPlainKafkaClientIsAcknowledgedOnTheProgressTopic() {
        TrainingRequested request = TrainingRequested.of("kafka-ack", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5);
        kafka.send(Topics.TRAINING_REQUESTS, request.runId(), EventJson.encode(request));

        ConsumerRecord<String, byte[]> ack = kafka.await(Topics.TRAINING_PROGRESS, r -> "kafka-ack".equals(r.key()), WAIT);
        TrainingProgress progress = EventJson.decode(ack.value(), TrainingProgress.class);
        assertEquals(RunState.ACCEPTED, progress.state());
    }

    @Test
    void malformedRequestsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String good = EventJson.encodeToString(TrainingRequested.of("after-bad", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5));
        List<String> bad = List.of("{this is not json",
                good.replace("\"TrainingRequested\"", "\"Mystery\""),
                good.replace("\"runId\":\"after-bad\",", ""),
                good.replace("\"schemaVersion\":1", "\"schemaVersion\":7"),
                good.replace("\"python-lines\"", "\"cat-pictures\""));
        List<String> reasons = List.of("malformed JSON", "unknown type 'Mystery'", "missing field 'runId'",
                "unsupported schemaVersion 7", "unknown dataset 'cat-pictures'");
        for (int i = 0; i < bad.size(); i++) {
            kafka.send(Topics.TRAINING_REQUESTS, "bad-" + i, bad.get(i));
        }
        kafka.send(Topics.TRAINING_REQUESTS, "after-bad", good);

        for (int i = 0; i < bad.size(); i++) {
            String key = "bad-" + i;
            DeadLetter letter = EventJson.decode(kafka.await(Topics.DEAD_LETTER, r -> key.equals(r.key()), WAIT).value(), DeadLetter.class);
            assertEquals(Topics.TRAINING_REQUESTS, letter.topic());
            assertEquals(bad.get(i), new String(letter.value(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(letter.reason().contains(reasons.get(i)), "reason was: " + letter.reason());
        }
        kafka.await(Topics.TRAINING_PROGRESS, r -> "after-bad".equals(r.key()), WAIT);
    }

    /** 1.2 MB of junk: more than a dead letter may carry, and more than the producers' 1 MiB request limit. */
    @Test
    void aRecordTooLargeToDeadLetterWholeIsCutAndTheConsumerKeepsGoing() {
        String key = "oversized-" + System.nanoTime();
        byte[] junk = HostileRecords.oversized(1_200_000, 3);
        DeadLetter letter = HostileRecords.sendAndAwaitDeadLetter(kafka, Topics.TRAINING_REQUESTS, key, junk, "trainer-service", WAIT);
        TrainingRequested after = TrainingRequested.of(key + "-after", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5);
        kafka.send(Topics.TRAINING_REQUESTS, after.runId(), EventJson.encode(after));

        assertTrue(letter.truncated());
        assertEquals(junk.length, letter.valueBytes());
        assertEquals(tvae.transfer.Sha256.of(junk), letter.valueSha256());
        assertTrue(letter.reason().contains("malformed JSON"), letter.reason());
        kafka.await(Topics.TRAINING_PROGRESS, r -> after.runId().equals(r.key()), WAIT);
    }

    /** Two thousand hostile records (see HostileRecords): every one dead-lettered with a reason, and the consumer goes on. */
    @Test
    void everyHostileRecordIsDeadLetteredAndTheConsumerGoesOn() {
        TrainingRequested template = TrainingRequested.of("template", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5);
        List<DeadLetter> letters = HostileRecords.sendAndAwaitDeadLetters(kafka, Topics.TRAINING_REQUESTS,
                EventJson.encodeToString(template), 2000, "trainer-service", Duration.ofMinutes(5));
        assertEquals(2000, letters.size());
        assertTrue(letters.stream().allMatch(letter -> !letter.reason().isBlank()));

        TrainingRequested after = TrainingRequested.of("after-hostile-" + System.nanoTime(), DatasetSpec.of(DatasetKind.PYTHON_LINES),
                ModelSpec.preset("tiny"), null, 10, null, 5);
        kafka.send(Topics.TRAINING_REQUESTS, after.runId(), EventJson.encode(after));
        kafka.await(Topics.TRAINING_PROGRESS, r -> after.runId().equals(r.key()), WAIT);
    }
}
