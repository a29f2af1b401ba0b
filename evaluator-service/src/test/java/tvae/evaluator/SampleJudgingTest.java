package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.HostileRecords;
import tvae.deploy.PlainKafkaClient;
import tvae.data.LabelledImage;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.digit.DigitImage;
import tvae.events.DatasetKind;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.events.Topics;
import tvae.judge.DigitJudge;
import tvae.judge.DigitJudgement;

/**
 * Samples from the real broker are judged (CPython for Python lines, the digit judge for digits) and measured into the
 * real database.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SampleJudgingTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
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
    void pythonLinesGetCPythonsVerdictAndTheSummaryCountsInnerPoints() {
        RunFixture run = new RunFixture("judging-run", DatasetKind.PYTHON_LINES);
        run.publishPythonRun(kafka);
        awaitSamples(run.runId, run.samplesPerPythonRun());

        Map<String, Map<String, Object>> pair = EvaluationDatabase.rows(
                "SELECT text, verdict, valid, validity_error, judged_by FROM interpolation_table WHERE pair_id = ?",
                run.checkpointId(400) + "/pair/0").stream().collect(Collectors.toMap(r -> (String) r.get("text"), r -> r, (a, b) -> a));
        assertEquals("valid", pair.get("x = foo(self, key)").get("verdict"));
        assertEquals("valid", pair.get("return foo(self.items, key)").get("verdict"));
        Map<String, Object> unclosed = pair.get("x = foo(self.items, key");
        assertEquals("invalid", unclosed.get("verdict"));
        assertEquals(false, unclosed.get("valid"));
        assertTrue(((String) unclosed.get("validity_error")).startsWith("SyntaxError: "), unclosed.toString());
        assertEquals("invalid", pair.get("return self.items(key]").get("verdict"));
        assertTrue(((String) unclosed.get("judged_by")).startsWith("cpython 3."), unclosed.toString());

        Map<String, Object> summary = EvaluationDatabase.rows("SELECT * FROM run_summary WHERE run_id = ?", run.runId).get(0);
        assertEquals(run.checkpointId(400), summary.get("latest_checkpoint_id"));
        assertEquals(13.0 / 18, ((BigDecimal) summary.get("interpolation_valid_share")).doubleValue(), 1e-9,
                "13 of the 18 inner points (ratios 0.1..0.9 of both pairs) parse");
        assertEquals(5.0 / 18, ((BigDecimal) summary.get("interpolation_novel_share")).doubleValue(), 1e-9,
                "5 of them are neither end of their pair: 'x = foo(a, key)', 'x = foo(self, key)', "
                        + "'return foo(self.items, key)', 'for i in range(1): ...', 'for i in os: ...'");
        assertEquals(1.0, ((BigDecimal) summary.get("reconstruction_exact")).doubleValue(), 1e-9);
        assertEquals(1.0, (Double) summary.get("probe_accuracy"), 1e-9);
        assertEquals("COMPLETED", summary.get("state"));
        assertEquals(RunFixture.TRAINER, summary.get("trainer"), "the trainer of the run's newest progress event");
        assertEquals(RunFixture.TRAINER, EvaluationDatabase.rows("SELECT trainer FROM checkpoints WHERE checkpoint_id = ?",
                run.checkpointId(400)).get(0).get("trainer"));
        assertEquals("python-lines", summary.get("dataset"));
        assertEquals("tiny", summary.get("preset"));

        Map<String, Object> early = EvaluationDatabase.rows("SELECT * FROM checkpoint_summary WHERE checkpoint_id = ?",
                run.checkpointId(200)).get(0);
        assertEquals(0.5, ((BigDecimal) early.get("reconstruction_exact")).doubleValue(), 1e-9, "one of two reconstructions exact");
        assertEquals((1 + 16.0 / 22) / 2, (Double) early.get("reconstruction_char_accuracy"), 1e-9,
                "position by position: \"return self.item\" matches, the shifted rest does not");
    }

    @Test
    void digitsGetTheDigitJudgesVerdictAndNoValidityAndProbeTextsHaveNoRule() throws IOException {
        // Real MNIST test digits: the first three are a 7, a 2 and a 1 (the judge never trained on them).
        List<LabelledImage> test = OfficialMnist.test(OfficialMnist.locate()).subList(0, 3);
        assertEquals(List.of("7", "2", "1"), test.stream().map(LabelledImage::label).toList());
        String seven = DigitJudge.FORMAT.write(test.get(0).image());
        String two = DigitJudge.FORMAT.write(test.get(1).image());
        String one = DigitJudge.FORMAT.write(test.get(2).image());
        String blank = DigitJudge.FORMAT.write(DigitImage.blank(14, 14));
        List<SampleDecoded> samples = List.of(
                SampleDecoded.of("digits/0", "digits-ck", "digits-run", "mnist", SampleKind.INTERPOLATION, 0.5, "digits/pair",
                        seven, two, null, one),
                SampleDecoded.of("digits/1", "digits-ck", "digits-run", "mnist", SampleKind.INTERPOLATION, 0.6, "digits/pair",
                        seven, two, null, blank),
                SampleDecoded.of("texts/0", "texts-ck", "texts-run", "probe-texts", SampleKind.RECONSTRUCTION, null, null,
                        null, null, "a small dog", "a small dot"));
        samples.forEach(s -> RunFixture.send(kafka, Topics.SAMPLES, s.sampleId(), s));
        awaitSamples("texts-run", 1);
        awaitSamples("digits-run", 2);

        Map<String, Object> judgedOne = EvaluationDatabase.rows("SELECT * FROM samples WHERE sample_id = 'digits/0'").get(0);
        assertEquals(1, ((Number) judgedOne.get("judged_digit")).intValue(), "a real 1 is judged a 1");
        assertEquals(7, ((Number) judgedOne.get("from_digit")).intValue(), "end A is the 7");
        assertEquals(2, ((Number) judgedOne.get("to_digit")).intValue(), "end B is the 2");
        assertNull(judgedOne.get("verdict"), "a digit has no validity verdict");
        assertNull(judgedOne.get("valid"));
        assertTrue(((String) judgedOne.get("judged_by")).startsWith("digit-judge-"), judgedOne.toString());
        // what the blank image is judged as is the judge's business: stored as the judge says it, whatever it is
        try (DigitJudge judge = DigitJudge.loadOrTrain(Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache", "digit-judge"),
                OfficialMnist.locate(), PreparationProgress.NONE)) {
            DigitJudgement expected = judge.judgeTexts(List.of(blank)).get(0);
            Map<String, Object> judgedBlank = EvaluationDatabase.rows("SELECT * FROM samples WHERE sample_id = 'digits/1'").get(0);
            assertEquals(expected.digit(), ((Number) judgedBlank.get("judged_digit")).intValue());
            assertEquals(expected.confidence(), (Double) judgedBlank.get("digit_confidence"), 1e-6);
            assertEquals(expected.plausible(), judgedBlank.get("digit_plausible"));
        }

        Map<String, Object> text = EvaluationDatabase.rows("SELECT * FROM samples WHERE sample_id = 'texts/0'").get(0);
        assertNull(text.get("verdict"));
        assertNull(text.get("valid"));
        assertNull(text.get("judged_digit"));
        assertEquals(false, text.get("exact_match"));
        assertEquals(10.0 / 11, (Double) text.get("char_accuracy"), 1e-9);
    }

    @Test
    void malformedSamplesAreDeadLetteredWithTheReasonAndConsumptionGoesOn() {
        SampleDecoded good = SampleDecoded.of("after-bad/0", "after-bad-ck", "after-bad-run", "python-lines",
                SampleKind.REQUEST, null, null, null, null, null, "pass");
        String json = EventJson.encodeToString(good);
        kafka.send(Topics.SAMPLES, "bad-json", "{not json");
        kafka.send(Topics.SAMPLES, "bad-ratio", json.replace("\"ratio\":null", "\"ratio\":1.5"));
        RunFixture.send(kafka, Topics.SAMPLES, good.sampleId(), good);

        List<ConsumerRecord<String, byte[]>> letters = kafka.awaitAll(Topics.DEAD_LETTER,
                r -> "bad-json".equals(r.key()) || "bad-ratio".equals(r.key()), 2, WAIT);
        Map<String, String> reasons = letters.stream().map(r -> EventJson.decode(r.value(), DeadLetter.class))
                .filter(l -> l.consumer().equals("evaluator-service"))
                .collect(Collectors.toMap(DeadLetter::key, DeadLetter::reason));
        assertTrue(reasons.get("bad-json").startsWith("malformed JSON"), reasons.toString());
        assertTrue(reasons.get("bad-ratio").contains("'ratio'"), reasons.toString());
        awaitSamples("after-bad-run", 1);
        assertEquals("valid", EvaluationDatabase.rows("SELECT verdict FROM samples WHERE sample_id = 'after-bad/0'").get(0).get("verdict"));
    }

    @Test
    void aSampleTooLargeToDeadLetterWholeIsCutAndConsumptionGoesOn() {
        byte[] junk = HostileRecords.oversized(1_200_000, 4);
        DeadLetter letter = HostileRecords.sendAndAwaitDeadLetter(kafka, Topics.SAMPLES, "oversized-sample", junk,
                "evaluator-service", WAIT);
        SampleDecoded after = SampleDecoded.of("after-oversized/0", "after-oversized-ck", "after-oversized-run",
                "python-lines", SampleKind.REQUEST, null, null, null, null, null, "pass");
        RunFixture.send(kafka, Topics.SAMPLES, after.sampleId(), after);

        assertTrue(letter.truncated());
        assertEquals(junk.length, letter.valueBytes());
        awaitSamples("after-oversized-run", 1);
    }

    private static void awaitSamples(String runId, int count) {
        Eventually.await(count + " samples of " + runId, WAIT,
                () -> EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", runId) >= count);
        Eventually.await("probes of " + runId, WAIT, () -> !runId.equals("judging-run")
                || EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id LIKE ?", runId + "%") == 8);
    }
}
