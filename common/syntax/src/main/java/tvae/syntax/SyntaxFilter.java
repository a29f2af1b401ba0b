package tvae.syntax;

import java.io.IOException;
import java.util.List;

/**
 * Which lines CPython's {@code ast.parse} accepts on their own, judged in one batch.
 * The corpus depends on this seam, not on a parser, so the one real checker ({@code tvae.syntax}) decides.
 */
public interface SyntaxFilter {
    /** {@code result[i]} is true when {@code lines.get(i)} parses. */
    boolean[] accepts(List<String> lines) throws IOException;

    /** CPython's verdict on each line, in order: why a line does not parse, and where. */
    List<Verdict> checkAll(List<String> lines) throws IOException;

    /** Names the judge (e.g. its Python version); part of the corpus cache key, so a new judge rebuilds the corpus. */
    String identity();
}
