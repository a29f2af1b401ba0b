package tvae.syntax;

import java.time.Duration;
import java.util.Objects;

/**
 * Every size and limit of a {@link PythonSyntaxChecker}.
 *
 * @param python          the interpreter to run ({@code python3} from the PATH by default); its version names the judge
 * @param workers         how many long-lived worker processes judge in parallel
 * @param startTimeout    how long a new worker may take to start and greet; apart from the request timeout, since a
 *                        slow-starting interpreter (a pyenv shim, a cold disk) says nothing about a stuck parse
 * @param requestTimeout  how long one request to a worker (up to {@code linesPerRequest} lines) may take before the
 *                        worker is killed and restarted
 * @param linesPerRequest how many lines travel in one request; large enough to hide the round trip, small enough that
 *                        a batch spreads over every worker
 * @param maxLineChars    longer lines are not sent at all: they get an error verdict (parsing a megabyte line takes
 *                        seconds and its verdict is useless to us)
 */
public record SyntaxCheckerConfig(String python, int workers, Duration startTimeout, Duration requestTimeout,
                                  int linesPerRequest, int maxLineChars) {
    public SyntaxCheckerConfig {
        Objects.requireNonNull(python);
        Objects.requireNonNull(startTimeout);
        Objects.requireNonNull(requestTimeout);
        if (workers < 1 || linesPerRequest < 1 || maxLineChars < 1 || !isPositive(startTimeout) || !isPositive(requestTimeout)) {
            throw new IllegalArgumentException("workers, linesPerRequest, maxLineChars, startTimeout and requestTimeout "
                    + "must be positive: " + workers + ", " + linesPerRequest + ", " + maxLineChars + ", " + startTimeout
                    + ", " + requestTimeout);
        }
    }

    /**
     * Two workers (one per core of a small machine), 2 minutes to start, 256 lines a request, 10 s a request, 100 000
     * characters a line.
     */
    public static SyntaxCheckerConfig defaults() {
        return new SyntaxCheckerConfig("python3", 2, Duration.ofMinutes(2), Duration.ofSeconds(10), 256, 100_000);
    }

    public SyntaxCheckerConfig withPython(String python) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    public SyntaxCheckerConfig withWorkers(int workers) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    public SyntaxCheckerConfig withStartTimeout(Duration startTimeout) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    public SyntaxCheckerConfig withRequestTimeout(Duration requestTimeout) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    public SyntaxCheckerConfig withLinesPerRequest(int linesPerRequest) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    public SyntaxCheckerConfig withMaxLineChars(int maxLineChars) {
        return new SyntaxCheckerConfig(python, workers, startTimeout, requestTimeout, linesPerRequest, maxLineChars);
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
