package tvae.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One checker shared by several threads gives each the verdicts it would have got alone. */
class PythonSyntaxCheckerConcurrencyTest {
    @Test
    void threadsSharingOneCheckerEachGetTheirOwnVerdicts() throws Exception {
        List<String> lines = TestLines.standardLibraryAndMutants(1000, 3);
        SyntaxCheckerConfig config = SyntaxCheckerConfig.defaults().withWorkers(2).withLinesPerRequest(50);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(config)) {
            List<Verdict> expected = CPythonReference.judge(lines);
            List<Future<List<Verdict>>> answers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                answers.add(threads.submit(() -> thread % 2 == 0 ? checker.checkAll(lines) : oneByOne(checker, lines)));
            }
            for (Future<List<Verdict>> answer : answers) {
                assertEquals(expected, answer.get(2, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<Verdict> oneByOne(PythonSyntaxChecker checker, List<String> lines) {
        List<Verdict> verdicts = new ArrayList<>(lines.size());
        for (String line : lines) {
            verdicts.add(checker.check(line));
        }
        return verdicts;
    }
}
