package tvae.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a line into the pieces BPE may merge within: string literals, identifiers, numbers, operator runs
 * and whitespace runs. One space before a word stays with the word (GPT-2's convention), so {@code x = y}
 * costs three pieces, not five. The same pattern runs in Java (to count pieces when training) and in
 * HuggingFace's Oniguruma engine (when encoding); it uses only constructs both read alike: explicit
 * whitespace classes instead of {@code \s} (whose Unicode reach differs), Unicode categories, one lookahead.
 */
public final class PythonPreTokenizer {
    private static final String SPACE = "\\t\\n\\x0B\\f\\r ";

    /** Alternatives are tried left to right; together they match every character, so no text is left between pieces. */
    public static final String PATTERN = String.join("|",
            // string literal with its prefix, e.g. f"{x}" or b'\x00'; an unclosed quote falls through to the last alternative
            " ?[rRbBuUfF]{0,2}(?:'[^'\\\\\\n\\r]*(?:\\\\.[^'\\\\\\n\\r]*)*'|\"[^\"\\\\\\n\\r]*(?:\\\\.[^\"\\\\\\n\\r]*)*\")",
            // identifier or keyword
            " ?[\\p{L}\\p{M}_][\\p{L}\\p{M}\\p{N}_]*",
            // number, e.g. 0x1F, 1_000, 2.5j
            " ?\\p{N}[\\p{L}\\p{M}\\p{N}_.]*",
            // operator and punctuation run, e.g. '):' or '**='
            " ?[^" + SPACE + "\\p{L}\\p{M}\\p{N}_'\"]+",
            // whitespace run, leaving its last space to the word after it
            "[" + SPACE + "]+(?![^" + SPACE + "])",
            "[" + SPACE + "]+",
            // a lone quote
            " ?['\"]");

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private PythonPreTokenizer() {
    }

    /** The pieces of {@code text} in order; their concatenation is {@code text}. */
    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = COMPILED.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                pieces.add(text.substring(end, matcher.start()));
            }
            pieces.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            pieces.add(text.substring(end));
        }
        return pieces;
    }
}
