package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tvae.events.DatasetKind;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;
import tvae.probe.ProbeSplit;

class ProbeEvaluationTest {
    private final RunFixture run = new RunFixture("probe-unit", DatasetKind.PROBE_TEXTS);

    @Test
    void latentCodesThatSeparateTheLabelsBeatBothBaselinesOnTheSameSplit() {
        Map<String, ProbeScore> scores = byMethod(ProbeEvaluation.evaluate(run.probe(1, 7)));

        ProbeScore latent = scores.get(ProbeScore.LATENT_LINEAR_SVM);
        assertEquals(1.0, latent.accuracy(), 1e-9);
        assertEquals(1.0 / 3, scores.get(ProbeScore.MAJORITY).accuracy(), 1e-9, "three balanced labels");
        assertTrue(scores.get(ProbeScore.BOW_TFIDF_LINEAR_SVM).accuracy() < 0.6, "the texts say nothing about the label");
        for (String method : List.of(ProbeScore.MAJORITY, ProbeScore.LATENT_LINEAR_SVM, ProbeScore.BOW_TFIDF_LINEAR_SVM)) {
            assertEquals(ProbeSplit.STRATIFIED, scores.get(method).split());
            assertEquals(63, scores.get(method).trainSize());
            assertEquals(27, scores.get(method).testSize());
        }
        ProbeScore seed = scores.get(ProbeScore.LATENT_RBF_SVM);
        assertEquals(ProbeSplit.SEED_FIRST_30_PERCENT, seed.split());
        assertEquals(27, seed.testSize());
        assertTrue(seed.accuracy() > 0.9, "the RBF probe separates well-separated clusters: " + seed);
    }

    @Test
    void theBagOfWordsBaselineWinsWhenOnlyTheTextCarriesTheLabel() {
        List<ProbeItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String label = i % 2 == 0 ? "sport" : "money";
            String text = (i % 2 == 0 ? "match goal team " : "bank loan rate ") + "news item " + i;
            items.add(new ProbeItem(text, label, new float[] {(float) Math.sin(i * 12.9898), (float) Math.cos(i * 78.233)}));
        }
        Map<String, ProbeScore> scores = byMethod(ProbeEvaluation.evaluate(ProbeLatents.of("c", "r", "news", items)));

        assertEquals(1.0, scores.get(ProbeScore.BOW_TFIDF_LINEAR_SVM).accuracy(), 1e-9);
        assertTrue(scores.get(ProbeScore.LATENT_LINEAR_SVM).accuracy() < 0.8, "noise latents carry no label");
    }

    @Test
    void theSplitIsStratifiedAndTheScoresRepeatExactly() {
        ProbeLatents probe = run.probe(2, 11);
        ProbeSplit split = ProbeSplit.stratified(probe.items().stream().map(ProbeItem::label).toList(), ProbeEvaluation.TEST_SHARE);
        Map<String, Long> heldOutPerLabel = split.test().stream()
                .collect(Collectors.groupingBy(i -> probe.items().get(i).label(), Collectors.counting()));
        assertEquals(Map.of("noun.animal", 9L, "noun.artifact", 9L, "noun.food", 9L), heldOutPerLabel);

        assertEquals(ProbeEvaluation.evaluate(probe), ProbeEvaluation.evaluate(probe));
    }

    @Test
    void aSetWithOneLabelIsNotMeasured() {
        List<ProbeItem> items = List.of(new ProbeItem("a", "x", new float[] {1}), new ProbeItem("b", "x", new float[] {2}));
        assertTrue(ProbeEvaluation.evaluate(ProbeLatents.of("c", "r", "one", items)).isEmpty());
    }

    private static Map<String, ProbeScore> byMethod(List<ProbeScore> scores) {
        return scores.stream().collect(Collectors.toMap(ProbeScore::method, s -> s));
    }
}
