package tvae.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the logical lines of a Python source that fit on one physical line, the way CPython's tokenizer joins lines:
 * inside brackets, inside triple-quoted strings and after a trailing backslash a logical line goes on. Lines that
 * only continue another statement (a dict entry, a call's second argument, prose in a docstring) are thereby never
 * harvested, even when they would happen to parse on their own.
 */
public final class PythonLogicalLines {
    private PythonLogicalLines() {
    }

    /**
     * The one-physical-line statements of {@code source}, indentation removed, blank and comment-only lines skipped;
     * with {@code dropComments} a trailing comment is cut off too.
     */
    public static List<String> singleLineStatements(String source, boolean dropComments) {
        List<String> statements = new ArrayList<>();
        Scanner scanner = new Scanner();
        for (String physical : physicalLines(source)) {
            boolean startsLogicalLine = !scanner.continues();
            int commentAt = scanner.scan(physical);
            if (startsLogicalLine && !scanner.continues()) {
                String statement = (dropComments && commentAt >= 0 ? physical.substring(0, commentAt) : physical).strip();
                if (!statement.isEmpty() && !statement.startsWith("#")) {
                    statements.add(statement);
                }
            }
        }
        return statements;
    }

    /** Python's universal newlines: \n, \r\n and \r each end a line. */
    private static List<String> physicalLines(String source) {
        List<String> lines = new ArrayList<>();
        int start = source.startsWith("\uFEFF") ? 1 : 0;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(source.substring(start, i));
                if (c == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < source.length()) {
            lines.add(source.substring(start));
        }
        return lines;
    }

    /** Tokenizer state carried from one physical line to the next. */
    private static final class Scanner {
        private String openQuote;
        private int bracketDepth;
        private boolean backslashContinued;

        boolean continues() {
            return openQuote != null || bracketDepth > 0 || backslashContinued;
        }

        /** Advances over one physical line; returns where a comment starts in it, or -1. */
        int scan(String line) {
            backslashContinued = false;
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (openQuote != null) {
                    if (c == '\\') {
                        if (i == line.length() - 1) {
                            backslashContinued = true;
                        }
                        i += 2;
                    } else if (line.startsWith(openQuote, i)) {
                        i += openQuote.length();
                        openQuote = null;
                    } else {
                        i++;
                    }
                    continue;
                }
                if (c == '#') {
                    return i;
                } else if (c == '\'' || c == '"') {
                    String triple = String.valueOf(c).repeat(3);
                    openQuote = line.startsWith(triple, i) ? triple : String.valueOf(c);
                    i += openQuote.length();
                    continue;
                } else if (c == '(' || c == '[' || c == '{') {
                    bracketDepth++;
                } else if ((c == ')' || c == ']' || c == '}') && bracketDepth > 0) {
                    bracketDepth--;
                } else if (c == '\\' && i == line.length() - 1) {
                    backslashContinued = true;
                }
                i++;
            }
            if (openQuote != null && openQuote.length() == 1 && !backslashContinued) {
                openQuote = null; // an unterminated one-quote string ends with its line (a syntax error CPython reports there)
            }
            return -1;
        }
    }
}
