package tvae.syntax;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code python3} process running {@code ast_parse_worker.py}, spoken to in JSON lines. Not
 * thread-safe: the {@link WorkerPool} lends it to one thread at a time. Once it failed it stays dead; the pool starts
 * a new one.
 */
final class PythonWorker implements AutoCloseable {
    private static final int PROTOCOL = 2;
    private static final int STDERR_LINES_KEPT = 20;
    /** Non-ASCII escaped as \\uXXXX: a Java string's lone surrogates survive the trip, and a request is one ASCII line. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String SCRIPT = loadScript();

    private final Process process;
    private final OutputStream toWorker;
    private final BufferedReader fromWorker;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final ScheduledExecutorService watchdogs;
    private final String implementation;
    private final String version;
    private volatile boolean killedByWatchdog;
    private long nextRequestId;

    private PythonWorker(String python, Duration startTimeout, ScheduledExecutorService watchdogs) throws WorkerFailure {
        this.watchdogs = watchdogs;
        try {
            // -I: no PYTHON* variables (PYTHONWARNINGS=error would turn warnings into SyntaxErrors), no user site;
            // -S: no site import, a faster start. Neither changes what ast.parse accepts.
            process = new ProcessBuilder(python, "-I", "-S", "-c", SCRIPT).start();
        } catch (IOException e) {
            throw new WorkerFailure("cannot start " + python + ": " + e.getMessage(), e);
        }
        toWorker = process.getOutputStream();
        fromWorker = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        drainStderr(process.getErrorStream());
        JsonNode hello = exchange(null, startTimeout);
        if (hello.path("protocol").asInt() != PROTOCOL) {
            close();
            throw new WorkerFailure("worker speaks protocol " + hello.path("protocol") + ", expected " + PROTOCOL);
        }
        implementation = hello.path("implementation").asText();
        version = hello.path("version").asText();
    }

    /** Starts a worker and waits for its greeting, at most {@code startTimeout}. */
    static PythonWorker start(String python, Duration startTimeout, ScheduledExecutorService watchdogs)
            throws WorkerFailure {
        return new PythonWorker(python, startTimeout, watchdogs);
    }

    /** One verdict per line, in order; the worker is killed when the answer takes longer than {@code timeout}. */
    List<Verdict> judge(List<String> lines, Duration timeout) throws WorkerFailure {
        long id = nextRequestId++;
        String request;
        try {
            request = JSON.writeValueAsString(Map.of("id", id, "lines", lines));
        } catch (IOException e) {
            throw new UncheckedIOException("a list of strings always serialises", e);
        }
        JsonNode reply = exchange(request, timeout);
        JsonNode verdicts = reply.path("verdicts");
        if (reply.path("id").asLong(-1) != id || !verdicts.isArray() || verdicts.size() != lines.size()) {
            close();
            throw new WorkerFailure("worker answered out of protocol to request " + id + " of " + lines.size() + " lines");
        }
        List<Verdict> result = new ArrayList<>(lines.size());
        for (JsonNode verdict : verdicts) {
            result.add(verdict.isTextual() ? Verdict.valid(verdict.asText())
                    : Verdict.invalid(verdict.path(0).asText(), verdict.path(1).asText(), verdict.path(2).asInt(0),
                    verdict.path(3).asInt(0)));
        }
        return result;
    }

    /** Sends a request (none for the greeting) and reads one reply line, with a watchdog that kills a stuck worker. */
    private JsonNode exchange(String request, Duration timeout) throws WorkerFailure {
        // A watchdog rather than a timed read: killing the process unblocks both a write into a full pipe and a read.
        ScheduledFuture<?> watchdog = watchdogs.schedule(() -> {
            killedByWatchdog = true;
            process.destroyForcibly();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        String reply;
        try {
            if (request != null) {
                toWorker.write(request.getBytes(StandardCharsets.US_ASCII));
                toWorker.write('\n');
                toWorker.flush();
            }
            reply = fromWorker.readLine();
        } catch (IOException e) {
            reply = null;
        } finally {
            watchdog.cancel(false);
        }
        if (killedByWatchdog) {
            throw new WorkerFailure("no answer within " + timeout.toMillis() + " ms; worker killed");
        }
        if (reply == null) {
            close();
            throw new WorkerFailure("worker died: " + exitDescription());
        }
        try {
            return JSON.readTree(reply);
        } catch (IOException e) {
            close();
            throw new WorkerFailure("worker answered something that is not JSON: " + abbreviate(reply));
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive() && !killedByWatchdog;
    }

    /** E.g. {@code cpython 3.11.7}. */
    String interpreter() {
        return implementation + " " + version;
    }

    /** How the process ended and the last thing it wrote to stderr, for the restart log. */
    String exitDescription() {
        String code;
        try {
            code = process.waitFor(1, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = "exit code unknown";
        }
        String stderr;
        synchronized (stderrTail) {
            stderr = String.join(" | ", stderrTail);
        }
        return stderr.isEmpty() ? code : code + ", stderr: " + abbreviate(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Keeps the last lines of stderr (a traceback when the worker crashes) and keeps the pipe from filling up. */
    private void drainStderr(InputStream stderr) {
        Thread drain = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (stderrTail) {
                        if (stderrTail.size() == STDERR_LINES_KEPT) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(abbreviate(line));
                    }
                }
            } catch (IOException e) {
                // the process is gone; nothing left to drain
            }
        }, "syntax-worker-" + process.pid() + "-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String loadScript() {
        try (InputStream in = PythonWorker.class.getResourceAsStream("ast_parse_worker.py")) {
            if (in == null) {
                throw new IllegalStateException("tvae/syntax/ast_parse_worker.py is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
