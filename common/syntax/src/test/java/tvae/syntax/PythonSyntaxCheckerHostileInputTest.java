package tvae.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever a line holds, the checker answers with CPython's verdict (or a clear error) and keeps serving. */
class PythonSyntaxCheckerHostileInputTest {
    private static final int CAP = 1000;
    private static PythonSyntaxChecker checker;

    @BeforeAll
    static void start() throws IOException {
        checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withMaxLineChars(CAP));
    }

    @AfterAll
    static void stop() {
        checker.close();
    }

    @Test
    void statementsLiftedOutOfFunctionsAreValid() {
        Map<String, String> statements = Map.of("return x", "Return", "yield x", "Expr", "await x", "Expr", "break", "Break",
                "continue", "Continue", "nonlocal x", "Nonlocal", "x = 1", "Assign");
        for (Map.Entry<String, String> line : statements.entrySet()) {
            assertEquals(Verdict.valid(line.getValue()), checker.check(line.getKey()), line.getKey());
        }
    }

    @Test
    void reportsCPythonsMessageAndPosition() {
        assertEquals(Verdict.invalid("SyntaxError", "'(' was never closed", 1, 5), checker.check("x = (1, 2"));
        assertEquals("IndentationError", checker.check("if x:").exception());
    }

    @Test
    void nulByteIsTheSyntaxErrorCPythonRaises() {
        assertEquals(Verdict.invalid("SyntaxError", "source code string cannot contain null bytes", 0, 0),
                checker.check("a\0"));
    }

    @Test
    void loneSurrogateReachesPythonUnchangedAndIsRefused() {
        Verdict lone = checker.check("x = '\uD800'");
        assertEquals("UnicodeEncodeError", lone.exception(), lone.toString());
        assertTrue(lone.message().contains("surrogates not allowed"), lone.message());
        // A well-formed pair is one code point (an emoji) on the Python side.
        assertEquals(Verdict.valid("Assign"), checker.check("x = '\uD83D\uDE00'"));
        assertEquals(Verdict.valid("Assign"), checker.check("caf\u00e9 = '\uFFFD'"));
    }

    @Test
    void embeddedNewlinesAreParsedAsCPythonDoes() {
        assertEquals(Verdict.valid("Assign"), checker.check("x = 1\ny = 2"));
        assertEquals(Verdict.valid("Assign"), checker.check("x = 1\r\ny = 2"));
        assertEquals("IndentationError", checker.check("x = 1\n  y = 2").exception());
    }

    @Test
    void nestingBeyondEveryParserLimitIsInvalidWithCPythonsException() throws IOException {
        assertEquals("too many nested parentheses", checker.check("(".repeat(300)).message()); // tokenizer: 200
        try (PythonSyntaxChecker uncapped = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withWorkers(1))) {
            assertEquals("RecursionError", uncapped.check("1+".repeat(40_000) + "1").exception()); // AST depth
            assertEquals("MemoryError", uncapped.check("-".repeat(90_000) + "1").exception()); // parser stack
            assertEquals("MemoryError", uncapped.check("not ".repeat(20_000) + "x").exception());
            assertEquals(Verdict.valid("Assign"), uncapped.check("x = 1"));
        }
    }

    @Test
    void lineOverTheCapGetsAnErrorWithoutBeingSent() {
        String atCap = "x = " + "1".repeat(CAP - 4);
        assertEquals(Verdict.valid("Assign"), checker.check(atCap));
        Verdict over = checker.check(atCap + "1");
        assertEquals(Verdict.Status.ERROR, over.status());
        assertTrue(over.message().contains("over the cap of " + CAP), over.message());
        List<Verdict> mixed = checker.checkAll(List.of("x = 1", atCap + "1", "x = ("));
        assertEquals(List.of(Verdict.Status.VALID, Verdict.Status.ERROR, Verdict.Status.INVALID),
                mixed.stream().map(Verdict::status).toList());
    }

    @Test
    void emptyBatchAndEmptyLine() {
        assertEquals(List.of(), checker.checkAll(List.of()));
        assertEquals(Verdict.valid(""), checker.check(""));
        assertEquals(Verdict.valid(""), checker.check("   "));
    }

    @Test
    void refusesToStartWithoutAnInterpreter() {
        IOException e = assertThrows(IOException.class,
                () -> PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython("no-such-python3")));
        assertTrue(e.getMessage().contains("no-such-python3"), e.getMessage());
    }

    @Test
    void closedCheckerRefusesWork() throws IOException {
        PythonSyntaxChecker closed = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withWorkers(1));
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.check("x = 1"));
    }
}
