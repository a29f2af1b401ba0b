package tvae.evaluator.judging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tvae.events.DatasetKind;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * Judges a decoded sample by its dataset's rule: Python lines by CPython's own parser, digits by having ink; other
 * datasets (probe texts) have no validity rule. Reconstructions are also compared with their source.
 */
@ApplicationScoped
public class SampleJudge {
    private static final JudgedSample NO_RULE = new JudgedSample(null, null, null, null, null, null);

    @Inject
    PythonSyntaxChecker syntax;

    public JudgedSample judge(SampleDecoded sample) {
        JudgedSample judged = validity(sample.dataset(), sample.text());
        if (sample.kind() == SampleKind.RECONSTRUCTION && sample.source() != null) {
            judged = judged.withReconstruction(sample.text().equals(sample.source()), charAccuracy(sample.source(), sample.text()));
        }
        return judged;
    }

    private JudgedSample validity(String dataset, String text) {
        if (DatasetKind.PYTHON_LINES.wireName().equals(dataset)) {
            Verdict verdict = syntax.check(text);
            String judge = syntax.interpreter() + " ast.parse";
            return switch (verdict.status()) {
                case VALID -> new JudgedSample(JudgedSample.VALID, true, null, judge, null, null);
                case INVALID -> new JudgedSample(JudgedSample.INVALID, false,
                        verdict.exception() + ": " + verdict.message(), judge, null, null);
                case ERROR -> new JudgedSample(JudgedSample.ERROR, null, verdict.message(), judge, null, null);
            };
        }
        if (DatasetKind.MNIST.wireName().equals(dataset)) {
            boolean ink = DigitInk.hasInk(text);
            return new JudgedSample(ink ? JudgedSample.VALID : JudgedSample.INVALID, ink, ink ? null : "blank image",
                    "digit has ink", null, null);
        }
        return NO_RULE;
    }

    /** Share of positions holding the same character, over the longer of the two texts (1 when both are empty). */
    static double charAccuracy(String expected, String actual) {
        int longer = Math.max(expected.length(), actual.length());
        if (longer == 0) {
            return 1.0;
        }
        int same = 0;
        for (int i = 0; i < Math.min(expected.length(), actual.length()); i++) {
            if (expected.charAt(i) == actual.charAt(i)) {
                same++;
            }
        }
        return same / (double) longer;
    }
}
