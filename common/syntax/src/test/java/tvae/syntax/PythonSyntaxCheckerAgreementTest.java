package tvae.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 100 % agreement with CPython's own {@code ast.parse} (design §7), verdict by verdict, message by message. */
class PythonSyntaxCheckerAgreementTest {
    private static PythonSyntaxChecker checker;

    @BeforeAll
    static void start() throws Exception {
        checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withLinesPerRequest(64));
    }

    @AfterAll
    static void stop() {
        checker.close();
    }

    @Test
    void agreesWithCPythonOnStandardLibraryLinesAndTheirMutations() throws Exception {
        List<String> lines = TestLines.standardLibraryAndMutants(3000, 7);

        List<Verdict> expected = CPythonReference.judge(lines);
        List<Verdict> actual = checker.checkAll(lines);

        assertAgree(lines, expected, actual);
        long valid = expected.stream().filter(Verdict::isValid).count();
        // Both kinds must be well represented, or agreement would prove little.
        assertTrue(valid > lines.size() / 4 && valid < lines.size() * 3 / 4, valid + " valid of " + lines.size());
        System.out.printf("agreement on %d lines (%d valid by CPython)%n", lines.size(), valid);
    }

    @Test
    void agreesWithCPythonOnNestingAtEveryLimit() throws Exception {
        List<String> lines = TestLines.nestingAtTheLimits();

        List<Verdict> expected = CPythonReference.judgeEachAlone(lines);
        List<Verdict> actual = checker.checkAll(lines);

        assertAgree(lines, expected, actual);
        // The AST recursion limit lies inside the range of chains, so the worker's stack depth is really compared.
        Set<String> chainVerdicts = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("1+1+")) {
                chainVerdicts.add(expected.get(i).isValid() ? "valid" : expected.get(i).exception());
            }
        }
        assertEquals(Set.of("valid", "RecursionError"), chainVerdicts);
    }

    @Test
    void singleLineChecksAgreeWithBatchedOnes() throws Exception {
        List<String> lines = TestLines.standardLibraryAndMutants(300, 11);

        List<Verdict> batched = checker.checkAll(lines);
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(batched.get(i), checker.check(lines.get(i)), lines.get(i));
        }
    }

    private static void assertAgree(List<String> lines, List<Verdict> expected, List<Verdict> actual) {
        assertEquals(expected.size(), actual.size());
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                String line = lines.get(i);
                disagreements.add((line.length() > 80 ? line.substring(0, 80) + "..." : line) + " -> CPython "
                        + expected.get(i) + ", checker " + actual.get(i));
            }
        }
        assertEquals(List.of(), disagreements, disagreements.size() + " of " + lines.size() + " lines disagree");
    }
}
