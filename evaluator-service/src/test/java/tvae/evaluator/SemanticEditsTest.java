package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tvae.data.LabelledImage;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.events.SampleDecoded;
import tvae.events.SampleEdit;
import tvae.events.Topics;
import tvae.judge.DigitJudge;
import tvae.judge.DigitJudgement;

/**
 * Edit samples from the real broker are judged by the real judges (CPython's statement kind, the digit judge), and
 * the edit views count which reached their target label, answers worked out by hand below.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SemanticEditsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void anEditedLineCountsWhenItIsValidAndCPythonNamesTheTargetStatementKind() throws SQLException {
        EvaluationDatabase.insertCheckpoint("lines-edit-ck", "lines-edit-run");
        // Assign -> Return, learnt: reached by "return x" and "return self.x"; "return foo(x" does not parse;
        // "x = 2" stayed an Assign (kept its source label). 2 of 4.
        publish(line("learned/0", "Assign", "Return", EditDirection.LEARNED, "return x"),
                line("learned/1", "Assign", "Return", EditDirection.LEARNED, "return foo(x"),
                line("learned/2", "Assign", "Return", EditDirection.LEARNED, "x = 2"),
                line("learned/3", "Assign", "Return", EditDirection.LEARNED, "return self.x"),
                // the same inputs moved at random: only "return" reached it; two stayed Assign. 1 of 4.
                line("random/0", "Assign", "Return", EditDirection.RANDOM, "x = 1"),
                line("random/1", "Assign", "Return", EditDirection.RANDOM, "return"),
                line("random/2", "Assign", "Return", EditDirection.RANDOM, "x = ("),
                line("random/3", "Assign", "Return", EditDirection.RANDOM, "x = 3"),
                // Return -> Assign, learnt: reached. 1 of 1.
                line("back/0", "Return", "Assign", EditDirection.LEARNED, "y = 1"),
                // Assign -> Return decoded syntax-guided, counted apart: "returnx" parses, but as an expression. 1 of 2;
                // at random 0 of 1.
                guided("learned/0", EditDirection.LEARNED, "return x"),
                guided("learned/1", EditDirection.LEARNED, "returnx"),
                guided("random/0", EditDirection.RANDOM, "x = 1"));
        awaitSamples("lines-edit-run", 12);

        assertEquals("Return", EvaluationDatabase.rows(
                "SELECT judged_label FROM edit_outcomes WHERE sample_id = 'lines-edit-ck/edit/learned/3'").get(0).get("judged_label"));
        Map<String, Map<String, Object>> byPair = EvaluationDatabase.rows(
                "SELECT * FROM edit_success WHERE checkpoint_id = 'lines-edit-ck'").stream()
                .collect(Collectors.toMap(r -> r.get("edit_from") + ">" + r.get("edit_to") + " " + r.get("edit_direction")
                        + " " + r.get("decoding"), r -> r));
        assertEquals(5, byPair.size());
        assertCounts(byPair.get("Assign>Return LEARNED GREEDY"), 4, 2, 1);
        assertCounts(byPair.get("Assign>Return RANDOM GREEDY"), 4, 1, 2);
        assertCounts(byPair.get("Return>Assign LEARNED GREEDY"), 1, 1, 0);
        assertCounts(byPair.get("Assign>Return LEARNED GUIDED"), 2, 1, 0);
        assertCounts(byPair.get("Assign>Return RANDOM GUIDED"), 1, 0, 1);
        // every input is "x = 1": an output that reached its target kept the input when it still holds x.
        // "return x" and "return self.x" did; "return" (random) and "y = 1" (Return -> Assign) did not.
        assertEquals(List.of(2L, 0L, 0L, 1L, 0L), Stream.of("Assign>Return LEARNED GREEDY", "Assign>Return RANDOM GREEDY",
                        "Return>Assign LEARNED GREEDY", "Assign>Return LEARNED GUIDED", "Assign>Return RANDOM GUIDED")
                .map(key -> ((Number) byPair.get(key).get("reached_keeping_names")).longValue()).toList());

        Map<String, Object> summary = EvaluationDatabase.rows("SELECT * FROM checkpoint_summary WHERE checkpoint_id = 'lines-edit-ck'").get(0);
        assertEquals(3.0 / 5, ((BigDecimal) summary.get("edit_success")).doubleValue(), 1e-9, "learnt: 2 + 1 of 4 + 1, greedy only");
        assertEquals(1.0 / 4, ((BigDecimal) summary.get("edit_random_baseline")).doubleValue(), 1e-9);
        assertEquals(1.0 / 2, ((BigDecimal) summary.get("guided_edit_success")).doubleValue(), 1e-9);
        assertEquals(0.0, ((BigDecimal) summary.get("guided_edit_random_baseline")).doubleValue(), 1e-9);
        assertEquals(12L, ((Number) summary.get("edit_samples")).longValue());
        assertEquals(2.0 / 5, ((BigDecimal) summary.get("edit_success_keeping_names")).doubleValue(), 1e-9);
        assertEquals(0.0, ((BigDecimal) summary.get("edit_random_keeping_names")).doubleValue(), 1e-9);
        assertEquals(1.0 / 2, ((BigDecimal) summary.get("guided_edit_success_keeping_names")).doubleValue(), 1e-9);
        assertEquals(0.0, ((BigDecimal) summary.get("guided_edit_random_keeping_names")).doubleValue(), 1e-9);
    }

    @Test
    void anEditedDigitCountsWhenTheDigitJudgeIsSureItIsTheTargetDigit() throws IOException, SQLException {
        EvaluationDatabase.insertCheckpoint("digits-edit-ck", "digits-edit-run");
        // Real MNIST test digits, never seen by the judge: a 7, a 2 and a 1.
        List<LabelledImage> test = OfficialMnist.test(OfficialMnist.locate()).subList(0, 3);
        List<String> texts = test.stream().map(image -> DigitJudge.FORMAT.write(image.image())).toList();
        String seven = texts.get(0);
        String two = texts.get(1);
        String one = texts.get(2);
        publish(sample("digits-edit-ck", "digits-edit-run", "mnist", "7-to-2/0/learned", seven,
                        new SampleEdit("7", "2", EditDirection.LEARNED, 1.0), two),
                sample("digits-edit-ck", "digits-edit-run", "mnist", "7-to-2/1/learned", seven,
                        new SampleEdit("7", "2", EditDirection.LEARNED, 1.0), one),
                sample("digits-edit-ck", "digits-edit-run", "mnist", "7-to-2/0/random", seven,
                        new SampleEdit("7", "2", EditDirection.RANDOM, 1.0), seven));
        awaitSamples("digits-edit-run", 3);

        // what counts is the judge's own verdict: its digit, and confidence enough to call the digit plausible
        try (DigitJudge judge = DigitJudge.loadOrTrain(Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache", "digit-judge"),
                OfficialMnist.locate(), PreparationProgress.NONE)) {
            List<DigitJudgement> seen = judge.judgeTexts(List.of(two, one, seven));
            Map<String, Object> outcomes = EvaluationDatabase.rows(
                    "SELECT sample_id, reached_target FROM edit_outcomes WHERE checkpoint_id = 'digits-edit-ck'").stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sample_id"), r -> r.get("reached_target")));
            assertEquals(seen.get(0).digit() == 2 && seen.get(0).plausible(), outcomes.get("digits-edit-ck/edit/7-to-2/0/learned"));
            assertEquals(false, outcomes.get("digits-edit-ck/edit/7-to-2/1/learned"), "a 1 is not a 2, however sure");
            assertEquals(false, outcomes.get("digits-edit-ck/edit/7-to-2/0/random"), "still the 7 it started from");
            Map<String, Object> random = EvaluationDatabase.rows(
                    "SELECT * FROM edit_success WHERE checkpoint_id = 'digits-edit-ck' AND edit_direction = 'RANDOM'").get(0);
            assertEquals(seen.get(2).digit() == 7 ? 1L : 0L, ((Number) random.get("kept_source")).longValue());
            assertNull(EvaluationDatabase.rows("SELECT * FROM checkpoint_summary WHERE checkpoint_id = 'digits-edit-ck'").get(0)
                    .get("edit_success_keeping_names"), "a digit has no names to keep");
        }
    }

    private static SampleDecoded line(String key, String from, String to, EditDirection direction, String text) {
        return sample("lines-edit-ck", "lines-edit-run", "python-lines", key, "x = 1", new SampleEdit(from, to, direction, 1.0), text);
    }

    private static SampleDecoded guided(String key, EditDirection direction, String text) {
        return SampleDecoded.edit("lines-edit-ck/edit/" + key + "/guided", "lines-edit-ck", "lines-edit-run", "python-lines",
                "x = 1", new SampleEdit("Assign", "Return", direction, 1.0), DecodingStrategy.GUIDED, text);
    }

    private static SampleDecoded sample(String checkpointId, String runId, String dataset, String key, String input,
                                        SampleEdit edit, String text) {
        return SampleDecoded.edit(checkpointId + "/edit/" + key, checkpointId, runId, dataset, input, edit,
                DecodingStrategy.GREEDY, text);
    }

    private static void publish(SampleDecoded... samples) {
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            for (SampleDecoded sample : samples) {
                RunFixture.send(kafka, Topics.SAMPLES, sample.sampleId(), sample);
            }
        }
    }

    private static void assertCounts(Map<String, Object> row, long edits, long reached, long keptSource) {
        assertEquals(List.of(edits, reached, keptSource), List.of(((Number) row.get("edits")).longValue(),
                ((Number) row.get("reached")).longValue(), ((Number) row.get("kept_source")).longValue()), row.toString());
    }

    private static void awaitSamples(String runId, int count) {
        Eventually.await(count + " samples of " + runId, WAIT,
                () -> EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", runId) >= count);
    }
}
