package tvae.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made paths with hand-counted answers, the rules of the evaluator's digit_paths view. */
class DigitPathTest {
    private static final List<Double> RATIOS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

    @Test
    void aThenBIsWithoutDetoursAndOnlyInnerPointsCountForPlausibility() {
        DigitPath path = path(3, 8, "3:0.99 3:0.5 8:0.95 8:0.92 8:0.3");
        assertTrue(path.withoutDetours());
        assertEquals(3, path.innerPoints());
        assertEquals(2, path.plausibleInnerPoints(), "0.95 and 0.92 inside; the end at 0.3 does not count");
        assertEquals("3 3 8 8 8", path.judgedDigits());
    }

    @Test
    void aThirdDigitABackwardStepOrAMissingEndIsADetour() {
        assertFalse(path(3, 8, "3 5 8 8 8").withoutDetours(), "a 5 on the way");
        assertFalse(path(3, 8, "3 8 3 8 8").withoutDetours(), "back to 3 after 8");
        assertFalse(path(3, 8, "3 3 3 3 3").withoutDetours(), "never reaches 8");
        assertFalse(path(3, 8, "8 8 8 8 8").withoutDetours(), "never shows 3");
    }

    @Test
    void sameDigitAtBothEndsMustStayThatDigit() {
        assertTrue(path(1, 1, "1 1 1 1 1").withoutDetours());
        assertFalse(path(1, 1, "1 1 7 1 1").withoutDetours());
    }

    /** Points written "digit[:confidence]" in ratio order; confidence 0.99 when left out. */
    private static DigitPath path(int from, int to, String points) {
        List<DigitJudgement> judged = new ArrayList<>();
        for (String point : points.split(" ")) {
            String[] parts = point.split(":");
            judged.add(new DigitJudgement(Integer.parseInt(parts[0]), parts.length > 1 ? Double.parseDouble(parts[1]) : 0.99));
        }
        return new DigitPath(new DigitJudgement(from, 0.99), new DigitJudgement(to, 0.99), RATIOS, judged);
    }
}
