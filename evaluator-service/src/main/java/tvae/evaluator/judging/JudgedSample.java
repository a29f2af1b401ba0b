package tvae.evaluator.judging;

/**
 * What the evaluator concluded about one decoded sample.
 *
 * @param verdict      {@code valid}, {@code invalid}, {@code error} (the judge could not decide), or null when the
 *                     dataset has no validity rule (every dataset but Python lines)
 * @param valid        true/false for valid/invalid; null for an error or no rule, so it is never counted either way
 * @param message      why it is invalid (CPython's exception and message) or why it could not be judged
 * @param judgedBy     the judge, e.g. {@code cpython 3.11.7 ast.parse} or the digit judge's id
 * @param statementKind valid Python lines only: the AST node type of the line's statement as CPython names it
 *                     ({@code Assign}, {@code Return}, ...), the label a semantic edit of a line is judged by
 * @param exactMatch   reconstructions only: the decoded text equals the source
 * @param charAccuracy reconstructions only: share of positions with the same character (over the longer text)
 * @param digit        digits only: what the digit judge sees
 * @param keptInputNames edits of Python lines only: the output holds enough of its input's names
 *                     ({@link tvae.quality.SharedNames#kept}), so an edit that reached its target kind is told from a
 *                     new line of that kind
 */
public record JudgedSample(String verdict, Boolean valid, String message, String judgedBy, String statementKind,
                           Boolean exactMatch, Double charAccuracy, DigitVerdict digit, Boolean keptInputNames) {
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String ERROR = "error";

    /** A verdict on validity alone. */
    static JudgedSample validity(String verdict, Boolean valid, String message, String judgedBy) {
        return new JudgedSample(verdict, valid, message, judgedBy, null, null, null, null, null);
    }

    /** A valid Python line and the kind of statement it is. */
    static JudgedSample validStatement(String statementKind, String judgedBy) {
        return new JudgedSample(VALID, true, null, judgedBy, statementKind, null, null, null, null);
    }

    /** What the digit judge sees; a digit has no validity. */
    static JudgedSample digit(DigitVerdict digit, String judgedBy) {
        return new JudgedSample(null, null, null, judgedBy, null, null, null, digit, null);
    }

    public JudgedSample withReconstruction(boolean exact, double accuracy) {
        return new JudgedSample(verdict, valid, message, judgedBy, statementKind, exact, accuracy, digit, keptInputNames);
    }

    public JudgedSample withKeptInputNames(boolean kept) {
        return new JudgedSample(verdict, valid, message, judgedBy, statementKind, exactMatch, charAccuracy, digit, kept);
    }
}
