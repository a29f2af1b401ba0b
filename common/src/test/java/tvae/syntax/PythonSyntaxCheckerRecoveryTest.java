package tvae.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker that hangs or dies costs at most the verdict of the line it was judging; the checker keeps serving. */
class PythonSyntaxCheckerRecoveryTest {
    /** CPython needs over a second for this (a list of 400 000 items); far longer than the timeouts below. */
    private static final String SLOW_LINE = "x = [" + "1,".repeat(400_000) + "]";
    private static final SyntaxCheckerConfig UNCAPPED = SyntaxCheckerConfig.defaults().withMaxLineChars(1_000_000);

    @Test
    void lineThatOutlastsTheTimeoutGetsAnErrorAndItsBatchIsStillJudged() throws IOException {
        SyntaxCheckerConfig config = UNCAPPED.withWorkers(1).withRequestTimeout(Duration.ofMillis(300))
                .withLinesPerRequest(8);
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(config)) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lines.add("x = " + i);
                lines.add("x = (" + i);
            }
            lines.add(7, SLOW_LINE);

            List<Verdict> verdicts = checker.checkAll(lines);

            for (int i = 0; i < lines.size(); i++) {
                Verdict verdict = verdicts.get(i);
                if (i == 7) {
                    assertEquals(Verdict.Status.ERROR, verdict.status());
                    assertTrue(verdict.message().contains("no answer within 300 ms"), verdict.message());
                } else {
                    assertEquals(lines.get(i).contains("(") ? Verdict.Status.INVALID : Verdict.Status.VALID,
                            verdict.status(), lines.get(i));
                }
            }
            // Killed once with its request of 8 lines, once judging the slow line alone.
            assertEquals(2, checker.workerRestarts());
            assertEquals(Verdict.valid(), checker.check("x = 1"));
        }
    }

    @Test
    void workerKilledFromOutsideIsRestartedAndEveryLineStillJudged() throws Exception {
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withWorkers(2))) {
            long victim = checker.workerPids().get(0);
            ProcessHandle process = ProcessHandle.of(victim).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                lines.add(i % 3 == 0 ? "f(" + i : "f(" + i + ")");
            }

            List<Verdict> verdicts = checker.checkAll(lines);

            for (int i = 0; i < lines.size(); i++) {
                assertEquals(i % 3 == 0 ? Verdict.Status.INVALID : Verdict.Status.VALID, verdicts.get(i).status());
            }
            assertEquals(1, checker.workerRestarts());
            assertFalse(checker.workerPids().contains(victim));
        }
    }

    @Test
    void workerKilledWhileJudgingCostsOnlyThatLine() throws Exception {
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(UNCAPPED.withWorkers(1))) {
            long victim = checker.workerPids().get(0);
            CompletableFuture<Verdict> slow = CompletableFuture.supplyAsync(() -> checker.check(SLOW_LINE));
            Thread.sleep(400); // the worker is now busy parsing
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();

            Verdict verdict = slow.get(30, TimeUnit.SECONDS);

            assertEquals(Verdict.Status.ERROR, verdict.status());
            assertTrue(verdict.message().startsWith("worker died: exit code 137"), verdict.message());
            assertEquals(Verdict.valid(), checker.check("x = 1"));
            assertEquals(1, checker.workerRestarts());
        }
    }
}
