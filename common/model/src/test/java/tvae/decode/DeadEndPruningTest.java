package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxFilter;
import tvae.syntax.Verdict;

/**
 * The beam's pruning, judged by CPython: a sequence whose best candidates are all dead ends gets a second look further
 * down its list and keeps the living candidate it finds there; a sequence with a living candidate in the first look
 * is not judged further; a list CPython condemns whole stays as it was.
 */
class DeadEndPruningTest {
    private static PythonSyntaxChecker cpython;

    private record Line(String text, boolean finished) implements DeadEndPruning.Candidate {
        @Override
        public String judgedText() {
            return text;
        }
    }

    /** CPython, with a record of every line it was asked about. */
    private static final class Recorded implements SyntaxFilter {
        final List<String> judged = new ArrayList<>();

        @Override
        public boolean[] accepts(List<String> lines) throws IOException {
            return cpython.accepts(lines);
        }

        @Override
        public List<Verdict> checkAll(List<String> lines) throws IOException {
            judged.addAll(lines);
            return cpython.checkAll(lines);
        }

        @Override
        public String identity() {
            return cpython.identity();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        cpython = PythonSyntaxChecker.start();
    }

    @AfterAll
    static void stop() {
        cpython.close();
    }

    @Test
    void aSequenceOfDeadEndsGetsASecondLookAndKeepsTheLivingCandidateFoundThere() {
        List<Line> deadEndsFirst = lines("x = = a", "x = = b", "x = c", "x = = d", "y = 1");
        List<Line> aliveFirst = lines("z = 1", "z = = 2", "z = = 3");
        Recorded judge = new Recorded();
        List<List<Line>> rejected = List.of(new ArrayList<>(), new ArrayList<>());

        List<List<Line>> kept = new DeadEndPruning(judge, 2, 2).prune(List.of(deadEndsFirst, aliveFirst), rejected);

        assertEquals(List.of("x = = a", "x = = b", "z = 1", "z = = 2", "x = c", "x = = d"), judge.judged,
                "the first look judges both sequences' two best, the second only the first sequence's next two");
        assertEquals(lines("x = c", "y = 1"), kept.get(0), "the dead ends go, the one not judged yet stays");
        assertEquals(lines("z = 1", "z = = 3"), kept.get(1));
    }

    @Test
    void withoutALivingCandidateInReachTheListStaysAsItWas() {
        List<Line> livingFurtherDown = lines("x = = a", "x = = b", "x = c");
        List<Line> allDead = lines("x = = a", "x = = b", "x = = c");
        List<List<Line>> rejected = List.of(new ArrayList<>(), new ArrayList<>());

        assertEquals(List.of(livingFurtherDown, allDead),
                new DeadEndPruning(cpython, 2, 0).prune(List.of(livingFurtherDown, allDead), rejected), "no second look");
        assertEquals(List.of(lines("x = c"), allDead),
                new DeadEndPruning(cpython, 2, 8).prune(List.of(livingFurtherDown, allDead), rejected), "a look past the end");
    }

    @Test
    void finishedLinesThatDoNotParseAreSetAsideWhereSomethingSurvives() {
        List<Line> candidates = List.of(new Line("f(a b)", true), new Line("f(a)", true), new Line("f(", false));
        List<List<Line>> rejected = List.of(new ArrayList<>());

        List<List<Line>> kept = new DeadEndPruning(cpython, 3, 0).prune(List.of(candidates), rejected);

        assertEquals(List.of(new Line("f(a)", true), new Line("f(", false)), kept.get(0));
        assertEquals(List.of(new Line("f(a b)", true)), rejected.get(0), "it competes again at the end");
    }

    private static List<Line> lines(String... texts) {
        return Arrays.stream(texts).map(text -> new Line(text, false)).toList();
    }
}
