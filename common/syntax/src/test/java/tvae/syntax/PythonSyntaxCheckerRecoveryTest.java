package tvae.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that hangs or dies costs at most the verdict of the line it was judging; the checker keeps serving. The
 * hanging line is made by a stand-in interpreter (CPython whose {@code ast.parse} never returns on {@code HANG} and
 * first touches a marker file), so no test leans on how fast this machine parses.
 */
class PythonSyntaxCheckerRecoveryTest {
    private static final String HANG = "HANG";

    @TempDir
    Path dir;

    @Test
    void lineThatOutlastsTheTimeoutGetsAnErrorAndItsBatchIsStillJudged() throws IOException {
        SyntaxCheckerConfig config = SyntaxCheckerConfig.defaults().withPython(hangingPython().toString()).withWorkers(1)
                .withRequestTimeout(Duration.ofSeconds(5)).withLinesPerRequest(8);
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(config)) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lines.add("x = " + i);
                lines.add("x = (" + i);
            }
            lines.add(7, HANG);

            List<Verdict> verdicts = checker.checkAll(lines);

            for (int i = 0; i < lines.size(); i++) {
                Verdict verdict = verdicts.get(i);
                if (i == 7) {
                    assertEquals(Verdict.Status.ERROR, verdict.status());
                    assertTrue(verdict.message().contains("no answer within 5000 ms"), verdict.message());
                } else {
                    assertEquals(lines.get(i).contains("(") ? Verdict.Status.INVALID : Verdict.Status.VALID,
                            verdict.status(), lines.get(i));
                }
            }
            // Killed once with its request of 8 lines, once judging the hanging line alone.
            assertEquals(2, checker.workerRestarts());
            assertEquals(Verdict.valid("Assign"), checker.check("x = 1"));
        }
    }

    @Test
    void aSlowStartingInterpreterIsNotMistakenForAStuckRequest() throws IOException {
        Path slow = script("slow-python", "sleep 6\nexec python3 \"$@\"\n");
        SyntaxCheckerConfig config = SyntaxCheckerConfig.defaults().withPython(slow.toString()).withWorkers(1)
                .withRequestTimeout(Duration.ofSeconds(5));
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(config)) {
            assertEquals(Verdict.valid("Assign"), checker.check("x = 1"));
            assertEquals(0, checker.workerRestarts());
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
        try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(
                SyntaxCheckerConfig.defaults().withPython(hangingPython().toString()).withWorkers(1))) {
            long victim = checker.workerPids().get(0);
            CompletableFuture<Verdict> hanging = CompletableFuture.supplyAsync(() -> checker.check(HANG));
            awaitFile(dir.resolve("hanging"));  // the worker is now inside ast.parse
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();

            Verdict verdict = hanging.get(60, TimeUnit.SECONDS);

            assertEquals(Verdict.Status.ERROR, verdict.status());
            assertTrue(verdict.message().startsWith("worker died: exit code 137"), verdict.message());
            assertEquals(Verdict.valid("Assign"), checker.check("x = 1"));
            assertEquals(1, checker.workerRestarts());
        }
    }

    /** CPython whose ast.parse touches {@code dir/hanging} and sleeps for an hour on the line {@code HANG}. */
    private Path hangingPython() throws IOException {
        String prelude = String.join("\n",
                "import ast, time",
                "_parse = ast.parse",
                "def parse(source, *args, **kwargs):",
                "    if source == '" + HANG + "':",
                "        open('" + dir.resolve("hanging") + "', 'w').close()",
                "        time.sleep(3600)",
                "    return _parse(source, *args, **kwargs)",
                "ast.parse = parse",
                "");
        // called as: python -I -S -c SCRIPT
        return script("hanging-python", "exec python3 \"$1\" \"$2\" \"$3\" \"" + prelude.replace("\"", "\\\"") + "$4\"\n");
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Polls for the marker; the bound only keeps a broken stand-in from hanging the build. */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, file + " never appeared");
            Thread.sleep(20);
        }
    }
}
