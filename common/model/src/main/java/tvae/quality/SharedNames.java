package tvae.quality;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a Python line's content another line keeps, read as the names they share: the identifiers of the first
 * line (words that are not Python keywords, strings included, as a reader skims them) that the second also holds.
 * A semantic edit that reaches its target statement kind but keeps none of its input's names wrote a new line rather
 * than editing the old one; this tells the two apart where the statement kind alone cannot.
 */
public final class SharedNames {
    /** An output kept its input when it holds at least this share of the input's names. */
    public static final double KEPT = 0.5;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Python's {@code keyword.kwlist}: they make the statement kind, not the content. */
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
            "yield");

    private SharedNames() {
    }

    /** The distinct names of {@code line}, keywords left out, in order of first appearance. */
    public static Set<String> of(String line) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = NAME.matcher(line);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group())) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    /** Whether {@code other} kept {@code source}: holds at least {@link #KEPT} of its names. */
    public static boolean kept(String source, String other) {
        return keptShare(source, other) >= KEPT;
    }

    /** The share of {@code source}'s names that {@code other} holds too; 1 when {@code source} has none. */
    public static double keptShare(String source, String other) {
        Set<String> names = of(source);
        if (names.isEmpty()) {
            return 1;
        }
        Set<String> otherNames = of(other);
        return names.stream().filter(otherNames::contains).count() / (double) names.size();
    }
}
