package tvae.judge;

import java.util.List;

/**
 * The digit judge's view of one interpolation path from input A to input B, by the rules of issue 16 and the
 * evaluator's {@code digit_paths} view: the inner points (0 < ratio < 1) that look like a real digit, and whether the
 * judged digits, in ratio order, are A's digit then B's digit and nothing else (A A A B B; all A when both inputs are
 * the same digit), A and B being the judge's verdicts on the two inputs.
 *
 * @param from   the verdict on input A
 * @param to     the verdict on input B
 * @param ratios the decoded points' ratios, ascending
 * @param points the verdicts on the decoded points, one per ratio
 */
public record DigitPath(DigitJudgement from, DigitJudgement to, List<Double> ratios, List<DigitJudgement> points) {
    public DigitPath {
        ratios = List.copyOf(ratios);
        points = List.copyOf(points);
        if (ratios.size() != points.size()) {
            throw new IllegalArgumentException(ratios.size() + " ratios for " + points.size() + " points");
        }
    }

    public int innerPoints() {
        return (int) ratios.stream().filter(DigitPath::inner).count();
    }

    public int plausibleInnerPoints() {
        int plausible = 0;
        for (int i = 0; i < points.size(); i++) {
            plausible += inner(ratios.get(i)) && points.get(i).plausible() ? 1 : 0;
        }
        return plausible;
    }

    public boolean withoutDetours() {
        int a = from.digit();
        int b = to.digit();
        boolean sawA = false;
        boolean sawB = false;
        for (DigitJudgement point : points) {
            int digit = point.digit();
            if (digit != a && digit != b || digit == a && sawB && a != b) {
                return false;           // a third digit, or A again after B
            }
            sawA |= digit == a;
            sawB |= digit == b;
        }
        return sawA && sawB;
    }

    /** The judged digits in ratio order: "3 3 3 8 8". */
    public String judgedDigits() {
        return String.join(" ", points.stream().map(point -> Integer.toString(point.digit())).toList());
    }

    private static boolean inner(double ratio) {
        return ratio > 0 && ratio < 1;
    }
}
