package tvae.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.data.CorpusItem;
import tvae.decode.LatentEdits;
import tvae.events.DatasetKind;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;

/** The edit experiment's plan on hand-made one-token codes, answers worked out by hand. */
class EditPlanTest {
    // Even positions learn the directions, odd ones are edited. Learning counts: A, B and C 2 each, D 1, so A, B and C
    // are the three labels taken (equal counts go by name), and D is never edited.
    private static final String[] LABELS = {"A", "A", "A", "B", "B", "C", "C", "A", "D", "B", "B", "C", "C", "D"};

    private static List<CorpusItem> items() {
        List<CorpusItem> items = new ArrayList<>();
        for (int i = 0; i < LABELS.length; i++) {
            items.add(new CorpusItem("item " + i, LABELS[i]));
        }
        return items;
    }

    /** Item i's code: (i, 10·i), so group means are easy to work out. */
    private static float[][][] codes() {
        float[][][] codes = new float[LABELS.length][][];
        for (int i = 0; i < LABELS.length; i++) {
            codes[i] = new float[][] {{i, 10 * i}};
        }
        return codes;
    }

    @Test
    void everyOrderedPairOfTheThreeMostFrequentLabelsIsEditedBothWays() {
        List<EditPlan.Edit> edits = EditPlan.of(items(), codes(), 5);
        List<String> pairs = edits.stream().map(e -> e.edit().fromLabel() + ">" + e.edit().toLabel()).distinct().toList();
        assertEquals(List.of("A>B", "A>C", "B>A", "B>C", "C>A", "C>B"), pairs);
        assertEquals(edits.size(), new HashSet<>(edits.stream().map(EditPlan.Edit::key).toList()).size(), "keys are unique");
        // the held-out (odd) A items are 1 and 7, the B items 3 and 9, the C items 5 and 11
        assertEquals(List.of("item 1", "item 7"), inputs(edits, "A", "B", EditDirection.LEARNED));
        assertEquals(List.of("item 5", "item 11"), inputs(edits, "C", "A", EditDirection.RANDOM));
        assertTrue(edits.stream().noneMatch(e -> e.input().equals("item 13")), "D is not among the three");
    }

    @Test
    void theLearntDirectionIsTheDifferenceOfTheMeansOfTheEvenItemsAndTheRandomOneHasItsLength() {
        List<EditPlan.Edit> edits = EditPlan.of(items(), codes(), 5);
        // A learns from items 0 and 2 (mean code (1, 10)), B from 4 and 10 (mean (7, 70)): the direction is (6, 60),
        // taken twice
        assertEquals(2.0, EditPlan.STRENGTH);
        EditPlan.Edit learnt = only(edits, "A-to-B/0/2.0/learned");
        assertEquals("item 1", learnt.input());
        assertArrayEquals(new float[] {1 + 12, 10 + 120}, learnt.point()[0], 1e-5f);
        EditPlan.Edit random = only(edits, "A-to-B/0/2.0/random");
        double length = Math.hypot(random.point()[0][0] - 1, random.point()[0][1] - 10);
        assertEquals(Math.hypot(12, 120), length, 1e-3);
        assertFalse(random.point()[0][0] == learnt.point()[0][0] && random.point()[0][1] == learnt.point()[0][1]);
        assertEquals(EditPlan.STRENGTH, learnt.edit().strength());
    }

    @Test
    void perPairBoundsTheInputsAndThePlanIsTheSameEveryTime() {
        List<EditPlan.Edit> once = EditPlan.of(items(), codes(), 1);
        assertEquals(6 * 2, once.size());
        List<EditPlan.Edit> again = EditPlan.of(items(), codes(), 1);
        for (int i = 0; i < once.size(); i++) {
            assertEquals(once.get(i).key(), again.get(i).key());
            assertEquals(LatentEdits.norm(once.get(i).point()), LatentEdits.norm(again.get(i).point()), 0);
        }
    }

    @Test
    void anotherStrengthMovesTheSameInputsAlongTheSameDirections() {
        List<EditPlan.Edit> once = EditPlan.of(items(), codes(), 5, 1.0);
        List<EditPlan.Edit> twice = EditPlan.of(items(), codes(), 5);
        assertEquals(twice.size(), once.size());
        for (int i = 0; i < once.size(); i++) {
            assertEquals(twice.get(i).input(), once.get(i).input());
            assertEquals(twice.get(i).key().replace("/2.0/", "/1.0/"), once.get(i).key());
            assertEquals(1.0, once.get(i).edit().strength());
        }
        // item 1 (code (1, 10)) along A -> B's (6, 60) once, and its random direction moved half as far as at strength 2
        assertArrayEquals(new float[] {1 + 6, 10 + 60}, only(once, "A-to-B/0/1.0/learned").point()[0], 1e-5f);
        float[] randomOnce = only(once, "A-to-B/0/1.0/random").point()[0];
        float[] randomTwice = only(twice, "A-to-B/0/2.0/random").point()[0];
        assertArrayEquals(new float[] {2 * (randomOnce[0] - 1), 2 * (randomOnce[1] - 10)},
                new float[] {randomTwice[0] - 1, randomTwice[1] - 10}, 1e-4f);
    }

    @Test
    void onlyGuidedEditsAreDecodedWithABeam() {
        assertEquals(16, EditPlan.options(DecodingStrategy.GUIDED, 16).beamWidth());
        assertEquals(DecodingStrategy.GREEDY, EditPlan.options(DecodingStrategy.GREEDY, 16).strategy());
        assertEquals(null, EditPlan.options(DecodingStrategy.GREEDY, 16).beamWidth());
    }

    @Test
    void onlyDatasetsWithAnIndependentJudgeAreEdited() {
        assertTrue(EditPlan.judged(DatasetKind.PYTHON_LINES));
        assertTrue(EditPlan.judged(DatasetKind.MNIST));
        assertFalse(EditPlan.judged(DatasetKind.PROBE_TEXTS));
    }

    @Test
    void pythonLinesAreDecodedGreedyAndGuidedDigitsGreedyOnly() {
        assertEquals(List.of(DecodingStrategy.GREEDY, DecodingStrategy.GUIDED), EditPlan.decodings(DatasetKind.PYTHON_LINES));
        assertEquals(List.of(DecodingStrategy.GREEDY), EditPlan.decodings(DatasetKind.MNIST));
    }

    private static List<String> inputs(List<EditPlan.Edit> edits, String from, String to, EditDirection direction) {
        return edits.stream().filter(e -> e.edit().fromLabel().equals(from) && e.edit().toLabel().equals(to)
                && e.edit().direction() == direction).map(EditPlan.Edit::input).toList();
    }

    private static EditPlan.Edit only(List<EditPlan.Edit> edits, String key) {
        return edits.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }
}
