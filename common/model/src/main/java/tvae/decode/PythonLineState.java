package tvae.decode;

import java.util.Arrays;

/**
 * Where a partly decoded Python line stands lexically: which brackets are open, whether it is inside a string (and
 * which quote, single or triple, with a backslash pending) or a comment. Immutable; {@link #after} reads more text.
 * Enough for the token-level constraint of syntax-guided decoding: never close a bracket that is not open (or close
 * the wrong kind), and never end inside a string or with a bracket open. It is deliberately not a parser: whatever
 * else is wrong with a line, CPython judges later.
 */
public final class PythonLineState {
    public static final PythonLineState START = new PythonLineState(new char[0], (char) 0, false, false, false);

    private final char[] open;          // open brackets, innermost last
    private final char quote;           // 0 outside a string, else ' or "
    private final boolean triple;       // inside a triple-quoted string
    private final boolean escaped;      // the last character was a backslash (in a string, or a line continuation)
    private final boolean comment;      // after a # outside any string

    private PythonLineState(char[] open, char quote, boolean triple, boolean escaped, boolean comment) {
        this.open = open;
        this.quote = quote;
        this.triple = triple;
        this.escaped = escaped;
        this.comment = comment;
    }

    /** The state after {@code text}, or null when the text closes a bracket that is not open or not its kind. */
    public PythonLineState after(String text) {
        char[] stack = open;
        int depth = open.length;
        char q = quote;
        boolean tri = triple;
        boolean esc = escaped;
        boolean inComment = comment;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inComment) {
                continue;
            }
            if (esc) {
                esc = false;
                continue;
            }
            if (c == '\\') {
                esc = true;
            } else if (q != 0) {
                if (c == q && (!tri || tripleQuoteAt(text, i, q))) {
                    i += tri ? 2 : 0;
                    q = 0;
                    tri = false;
                }
            } else if (c == '\'' || c == '"') {
                q = c;
                tri = tripleQuoteAt(text, i, c);
                i += tri ? 2 : 0;
            } else if (c == '#') {
                inComment = true;
            } else if (c == '(' || c == '[' || c == '{') {
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, Math.max(4, 2 * depth));
                }
                stack[depth++] = c;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0 || stack[depth - 1] != opener(c)) {
                    return null;
                }
                depth--;
            }
        }
        return new PythonLineState(Arrays.copyOf(stack, depth), q, tri, esc, inComment);
    }

    /** Whether the line may end here: no bracket open, not inside a string, no backslash continuing it. */
    public boolean canEnd() {
        return open.length == 0 && quote == 0 && !escaped;
    }

    /**
     * What closes this line: a pending backslash escaped, the open string's quote, then every open bracket's closer,
     * innermost first. Empty when the line may end already.
     */
    public String closingText() {
        StringBuilder closing = new StringBuilder();
        if (quote != 0) {
            closing.append(escaped ? "\\" : "").append(String.valueOf(quote).repeat(triple ? 3 : 1));
        }
        for (int i = open.length - 1; i >= 0; i--) {
            closing.append(closer(open[i]));
        }
        return closing.toString();
    }

    /** How many brackets are open (a line that still has to close them cannot end in fewer tokens). */
    public int openBrackets() {
        return open.length;
    }

    /** Whether the quote at {@code i} is the first of three: a triple quote opens or closes there. */
    private static boolean tripleQuoteAt(String text, int i, char q) {
        return i + 2 < text.length() && text.charAt(i + 1) == q && text.charAt(i + 2) == q;
    }

    private static char closer(char opener) {
        return opener == '(' ? ')' : opener == '[' ? ']' : '}';
    }

    private static char opener(char closer) {
        return closer == ')' ? '(' : closer == ']' ? '[' : '{';
    }
}
