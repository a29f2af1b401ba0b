package tvae.syntax;

import java.util.Objects;

/**
 * What CPython's {@code ast.parse(line)} said about one line, or why it could not be asked.
 *
 * @param status    valid, invalid, or error (the judge could not decide: timeout, dead worker, line over the cap)
 * @param exception the Python exception type for an invalid line ({@code SyntaxError}, {@code IndentationError},
 *                  {@code MemoryError}, {@code RecursionError}, ...), null otherwise
 * @param message   CPython's message for an invalid line, the reason for an error, null when valid
 * @param line      1-based line of a syntax error as CPython reports it, 0 when it gives none
 * @param offset    1-based column of a syntax error as CPython reports it, 0 when it gives none
 * @param statement for a valid line, the AST node type of its first statement ({@code Assign}, {@code Return},
 *                  {@code If}, ...; empty when the line holds none); null otherwise
 */
public record Verdict(Status status, String exception, String message, int line, int offset, String statement) {
    public enum Status { VALID, INVALID, ERROR }

    public Verdict {
        Objects.requireNonNull(status);
    }

    public static Verdict valid(String statement) {
        return new Verdict(Status.VALID, null, null, 0, 0, Objects.requireNonNull(statement));
    }

    public static Verdict invalid(String exception, String message, int line, int offset) {
        return new Verdict(Status.INVALID, Objects.requireNonNull(exception), message, line, offset, null);
    }

    public static Verdict error(String reason) {
        return new Verdict(Status.ERROR, null, Objects.requireNonNull(reason), 0, 0, null);
    }

    public boolean isValid() {
        return status == Status.VALID;
    }

    @Override
    public String toString() {
        return switch (status) {
            case VALID -> "valid" + (statement.isEmpty() ? "" : " (" + statement + ")");
            case INVALID -> "invalid: " + exception + ": " + message + (line > 0 ? " (line " + line + ", offset " + offset + ")" : "");
            case ERROR -> "error: " + message;
        };
    }
}
