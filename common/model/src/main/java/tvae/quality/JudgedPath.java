package tvae.quality;

import java.util.List;

/**
 * One interpolation path as decoded and judged: the lines at the inner ratios ({@link SeedScore#INNER_RATIOS}), in
 * order, and whether CPython accepts each.
 */
public record JudgedPath(LinePair pair, List<String> inner, List<Boolean> valid) {
    public JudgedPath {
        if (inner.size() != SeedScore.INNER_RATIOS.length || valid.size() != inner.size()) {
            throw new IllegalArgumentException("a path has one line and one verdict per inner ratio ("
                    + SeedScore.INNER_RATIOS.length + "), got " + inner.size() + " lines and " + valid.size() + " verdicts");
        }
        inner = List.copyOf(inner);
        valid = List.copyOf(valid);
    }

    /** Valid and neither end: a new line, not a path that merely snaps from A to B. */
    public boolean novelValid(int point) {
        String line = inner.get(point);
        return valid.get(point) && !line.equals(pair.a()) && !line.equals(pair.b());
    }

    /** How many different lines the inner points hold. */
    public int distinctLines() {
        return (int) inner.stream().distinct().count();
    }
}
