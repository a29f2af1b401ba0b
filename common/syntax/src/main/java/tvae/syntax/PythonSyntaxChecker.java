package tvae.syntax;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tvae.syntax.SyntaxFilter;

/**
 * Judges Python lines exactly as CPython's {@code ast.parse(line)} does, by asking CPython: a pool of long-lived
 * {@code python3} workers (design §1, §7). A line is one statement lifted out of its function, so {@code return x}
 * is valid and an unclosed bracket is not. Thread-safe; batches are split into requests spread over every worker.
 *
 * <p>Hostile input never stops the service. A line over {@link SyntaxCheckerConfig#maxLineChars()} gets an error
 * verdict without being sent. Whatever CPython raises is its answer: NUL bytes ({@code SyntaxError}), nesting too deep
 * for the parser ({@code MemoryError}) or for the tree ({@code RecursionError}), lone surrogates
 * ({@code UnicodeEncodeError}, since the Java string's UTF-16 units reach Python unchanged) are invalid lines. A
 * worker that hangs past the request timeout or dies is killed and restarted; the lines of its request are judged
 * again one by one, so only the line that sinks a worker on its own gets an error verdict.
 */
public final class PythonSyntaxChecker implements SyntaxFilter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PythonSyntaxChecker.class);

    private final SyntaxCheckerConfig config;
    private final WorkerPool pool;
    private final ExecutorService requests;

    private PythonSyntaxChecker(SyntaxCheckerConfig config) throws IOException {
        this.config = config;
        try {
            this.pool = new WorkerPool(config.python(), config.workers(), config.startTimeout());
        } catch (WorkerFailure e) {
            throw new IOException("cannot start the CPython syntax judge: " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, "syntax-request-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A checker with {@link SyntaxCheckerConfig#defaults()}. */
    public static PythonSyntaxChecker start() throws IOException {
        return start(SyntaxCheckerConfig.defaults());
    }

    /** Starts every worker; fails when the interpreter cannot be started or does not answer. */
    public static PythonSyntaxChecker start(SyntaxCheckerConfig config) throws IOException {
        return new PythonSyntaxChecker(config);
    }

    public Verdict check(String line) {
        return checkAll(List.of(line)).get(0);
    }

    /** One verdict per line, in order. */
    @Override
    public List<Verdict> checkAll(List<String> lines) {
        Verdict[] verdicts = new Verdict[lines.size()];
        List<Integer> sent = new ArrayList<>(lines.size());
        for (int i = 0; i < verdicts.length; i++) {
            String line = lines.get(i);
            if (line.length() > config.maxLineChars()) {
                verdicts[i] = Verdict.error("line of " + line.length() + " characters is over the cap of "
                        + config.maxLineChars() + "; not judged");
            } else {
                sent.add(i);
            }
        }
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < sent.size(); from += config.linesPerRequest()) {
            chunks.add(sent.subList(from, Math.min(sent.size(), from + config.linesPerRequest())));
        }
        if (chunks.size() == 1) { // the common single-line case: no hand-over to another thread
            fill(verdicts, chunks.get(0), judge(pick(lines, chunks.get(0))));
        } else if (chunks.size() > 1) {
            judgeInParallel(lines, chunks, verdicts);
        }
        return List.of(verdicts);
    }

    /** True for the lines CPython accepts; lines the judge could not decide are refused, and counted in the log. */
    @Override
    public boolean[] accepts(List<String> lines) {
        List<Verdict> verdicts = checkAll(lines);
        boolean[] accepted = new boolean[verdicts.size()];
        int undecided = 0;
        for (int i = 0; i < accepted.length; i++) {
            accepted[i] = verdicts.get(i).isValid();
            if (verdicts.get(i).status() == Verdict.Status.ERROR) {
                undecided++;
            }
        }
        if (undecided > 0) {
            LOG.warn("{} of {} lines were refused because the syntax judge could not decide them", undecided, lines.size());
        }
        return accepted;
    }

    /** Names the judge: the interpreter's version, and the length cap, since both decide which lines pass. */
    @Override
    public String identity() {
        return pool.interpreter() + " ast.parse, lines over " + config.maxLineChars() + " chars refused";
    }

    /** The interpreter behind every worker, e.g. {@code cpython 3.11.7}. */
    public String interpreter() {
        return pool.interpreter();
    }

    /** How many times a worker was replaced since start. */
    public int workerRestarts() {
        return pool.restarts();
    }

    /** The process ids of the current workers, for operators (and for tests that kill one). */
    public List<Long> workerPids() {
        return pool.pids();
    }

    @Override
    public void close() {
        requests.shutdownNow();
        pool.close();
    }

    private void judgeInParallel(List<String> lines, List<List<Integer>> chunks, Verdict[] verdicts) {
        List<Future<List<Verdict>>> answers = new ArrayList<>(chunks.size());
        for (List<Integer> chunk : chunks) {
            List<String> chunkLines = pick(lines, chunk);
            answers.add(requests.submit(() -> judge(chunkLines)));
        }
        try {
            for (int c = 0; c < chunks.size(); c++) {
                fill(verdicts, chunks.get(c), answers.get(c).get());
            }
        } catch (InterruptedException e) {
            answers.forEach(answer -> answer.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the syntax workers judged a batch");
        } catch (ExecutionException e) {
            throw new IllegalStateException("judging a request failed unexpectedly", e.getCause());
        }
    }

    /** Verdicts for a request's lines; a failed request is retried line by line so only a culprit gets an error. */
    private List<Verdict> judge(List<String> lines) {
        try {
            return pool.use(worker -> worker.judge(lines, config.requestTimeout()));
        } catch (WorkerFailure failure) {
            if (lines.size() == 1) {
                return List.of(Verdict.error(failure.getMessage()));
            }
            LOG.warn("a request of {} lines failed ({}); judging them one by one", lines.size(), failure.getMessage());
            return lines.stream().map(line -> judge(List.of(line)).get(0)).toList();
        }
    }

    private static List<String> pick(List<String> lines, List<Integer> indices) {
        return indices.stream().map(lines::get).toList();
    }

    private static void fill(Verdict[] verdicts, List<Integer> indices, List<Verdict> answers) {
        for (int i = 0; i < indices.size(); i++) {
            verdicts[indices.get(i)] = answers.get(i);
        }
    }
}
