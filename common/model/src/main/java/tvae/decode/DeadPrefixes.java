package tvae.decode;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import tvae.syntax.Verdict;

/**
 * Which beginnings of a Python line no continuation can turn into a valid line, read from CPython's verdict on the
 * beginning with its open strings and brackets closed ({@link PythonLineState#closingText}). A beginning is dead when
 * CPython calls it plain {@code invalid syntax} or an invalid number ({@code 42ing}, {@code 0xz8}) at a place before
 * its last token: what comes before the last token is already wrong and nothing appended changes it ({@code x = = 1},
 * {@code import = 3}); and when it starts with an indent, which no single line may. The last token itself may still
 * grow ({@code x = 1 i} becomes {@code x = 1 if y else 2}). {@code Perhaps you forgot a comma?} before the last token
 * condemns only where that token is a word no keyword or string prefix begins with: {@code f(a x} is dead, {@code
 * repr(x) fo} may become a generator and {@code ('a' u} a joined string. CPython's other messages ({@code expected
 * 'else' after 'if' expression}) often point back at a construct the continuation completes, so they condemn nothing.
 *
 * <p>Conservative by construction, and checked so: on the 902 115 prefixes, cut at every character, of 27 587 valid
 * lines (the CPython 3.11 standard library and the python-lines corpus' validation split) it called none dead, where
 * trusting the comma message whatever the last token would have condemned 1 087
 * ({@code docs/quality/guided/dead-prefixes-check.py}; {@code DeadPrefixesTest} repeats it on a part in CI).
 */
public final class DeadPrefixes {
    /** CPython's messages that say what stands at their place is already wrong, whatever follows. */
    private static final Set<String> WRONG_WHERE_THEY_POINT = Set.of("invalid syntax", "invalid decimal literal",
            "invalid hexadecimal literal", "invalid octal literal", "invalid binary literal");
    private static final String UNEXPECTED_INDENT = "unexpected indent";
    /** Two expressions side by side, which only a keyword between them could join ({@code a for}, {@code a if}). */
    private static final String FORGOT_A_COMMA = "invalid syntax. Perhaps you forgot a comma?";
    /** What a last word may still grow into that joins it to what stands before: CPython 3.12's keywords, soft ones. */
    private static final List<String> JOINING_WORDS = List.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield", "_", "case", "match", "type");
    /** A string's prefix: {@code 'a' u} may become {@code 'a' u'b'}, two strings joined. */
    private static final Set<String> STRING_PREFIXES = Set.of("r", "u", "b", "f", "br", "rb", "fr", "rf");
    private static final String OPERATOR_CHARACTERS = "!=<>*/+-%&|^~@:.";

    private DeadPrefixes() {
    }

    /** @param verdictOnClosed CPython's verdict on {@code prefix} followed by its closing text */
    public static boolean isDead(String prefix, Verdict verdictOnClosed) {
        if (verdictOnClosed.status() != Verdict.Status.INVALID || verdictOnClosed.line() != 1
                || verdictOnClosed.offset() <= 0) {
            return false;
        }
        if (UNEXPECTED_INDENT.equals(verdictOnClosed.message())) {
            return true;
        }
        String text = prefix.stripTrailing();
        boolean beforeLastToken = verdictOnClosed.offset() - 1 < lastTokenStart(text);
        if (FORGOT_A_COMMA.equals(verdictOnClosed.message())) {
            return beforeLastToken && endsInAFinalWord(text);
        }
        return WRONG_WHERE_THEY_POINT.contains(verdictOnClosed.message()) && beforeLastToken;
    }

    /** Whether {@code text} ends in a name or number that can grow into no keyword and no string. */
    private static boolean endsInAFinalWord(String text) {
        if (text.isEmpty() || !isWordCharacter(text.charAt(text.length() - 1))) {
            return false;
        }
        String word = text.substring(lastTokenStart(text));
        return !STRING_PREFIXES.contains(word.toLowerCase(Locale.ROOT))
                && JOINING_WORDS.stream().noneMatch(k -> k.startsWith(word));
    }

    /**
     * Where the run of characters at the end that may still be the start of a longer token begins: a name or number
     * ({@code i} of {@code if}), or operator characters ({@code !} of {@code !=}); the end itself after anything else.
     */
    static int lastTokenStart(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        char last = text.charAt(text.length() - 1);
        boolean word = isWordCharacter(last);
        if (!word && OPERATOR_CHARACTERS.indexOf(last) < 0) {
            return text.length();
        }
        int start = text.length();
        while (start > 0 && sameKind(text.charAt(start - 1), word)) {
            start--;
        }
        return start;
    }

    private static boolean sameKind(char c, boolean word) {
        return word ? isWordCharacter(c) : OPERATOR_CHARACTERS.indexOf(c) >= 0;
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
