package tvae.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.data.CorpusItem;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.judge.DigitJudgement;
import tvae.quality.EditPlan;
import tvae.syntax.Verdict;

/** {@code tvae score}'s edits are judged by the evaluator's rule and counted per label pair and direction kind. */
class EditReportTest {
    @Test
    void anEditedLineCountsOnlyWhenItParsesAsTheTargetStatementKind() {
        EditReport.Outcome kept = EditReport.Outcome.ofLine("self.buf = 1", "return self.buf", Verdict.valid("Return"), "Return");
        assertTrue(kept.reachedTarget());
        assertTrue(kept.keptNames(), "self and buf survive");
        EditReport.Outcome rewritten = EditReport.Outcome.ofLine("self.buf = 1", "return x", Verdict.valid("Return"), "Return");
        assertTrue(rewritten.reachedTarget());
        assertFalse(rewritten.keptNames(), "none of the input's names survive");
        EditReport.Outcome other = EditReport.Outcome.ofLine("self.buf = 1", "self.buf()", Verdict.valid("Expr"), "Return");
        assertFalse(other.reachedTarget());
        assertEquals("Expr", other.label());
        EditReport.Outcome broken = EditReport.Outcome.ofLine("self.buf = 1", "returnself.buf(",
                Verdict.invalid("SyntaxError", "invalid syntax", 1, 7), "Return");
        assertFalse(broken.reachedTarget());
        assertNull(broken.label(), "a line that does not parse has no statement kind");
    }

    @Test
    void anEditedDigitCountsOnlyWhenTheJudgeIsSureOfTheTarget() {
        assertTrue(EditReport.Outcome.ofDigit(new DigitJudgement(8, 0.95), "8").reachedTarget());
        EditReport.Outcome unsure = EditReport.Outcome.ofDigit(new DigitJudgement(8, 0.6), "8");
        assertFalse(unsure.reachedTarget(), "below the plausibility bar");
        assertEquals("8", unsure.label(), "still judged an 8, as the view's judged_label says");
        assertFalse(EditReport.Outcome.ofDigit(new DigitJudgement(3, 0.99), "8").reachedTarget());
    }

    @Test
    void outcomesAreCountedPerPairAndDirectionWithTheOutputsThatKeptTheInputsLabel() {
        // two labels, one edited input per label: edits A->B learnt, A->B random, B->A learnt, B->A random
        List<CorpusItem> items = List.of(new CorpusItem("a0", "A"), new CorpusItem("a1", "A"), new CorpusItem("b0", "B"),
                new CorpusItem("b1", "B"));
        float[][][] codes = {{{0, 0}}, {{1, 0}}, {{0, 5}}, {{1, 5}}};
        List<EditPlan.Edit> edits = EditPlan.of(items, codes, 1);
        assertEquals(4, edits.size());
        List<EditReport.Outcome> outcomes = new ArrayList<>();
        for (EditPlan.Edit edit : edits) {
            boolean learnt = edit.edit().direction() == EditDirection.LEARNED;
            // learnt edits reach their target; random ones keep the input's label
            outcomes.add(new EditReport.Outcome(learnt ? edit.edit().toLabel() : edit.edit().fromLabel(), learnt,
                    edit.edit().fromLabel().equals("A")));
        }
        List<EditReport.Cell> cells = EditReport.tally(2.0, DecodingStrategy.GREEDY, edits, outcomes);
        assertEquals(4, cells.size());
        EditReport report = new EditReport(true, cells);
        assertEquals(1.0, report.pooledShare(2.0, DecodingStrategy.GREEDY, EditDirection.LEARNED, EditReport.Cell::reached));
        assertEquals(0.0, report.pooledShare(2.0, DecodingStrategy.GREEDY, EditDirection.RANDOM, EditReport.Cell::reached));
        // of the two learnt edits that reached their target, only A's kept its names
        assertEquals(0.5, report.pooledShare(2.0, DecodingStrategy.GREEDY, EditDirection.LEARNED,
                EditReport.Cell::reachedKeepingNames));
        for (EditReport.Cell cell : cells) {
            assertEquals(1, cell.edits());
            assertEquals(cell.direction() == EditDirection.RANDOM ? 1 : 0, cell.keptSource(), cell.toString());
        }
        assertTrue(Double.isNaN(report.pooledShare(1.0, DecodingStrategy.GREEDY, EditDirection.LEARNED, EditReport.Cell::reached)),
                "no such strength");
    }
}
