package tvae.evaluator.judging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tvae.events.DatasetKind;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.judge.DigitJudge;
import tvae.judge.DigitJudgement;
import tvae.quality.SharedNames;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * Judges a decoded sample by its dataset's rule: Python lines by CPython's own parser (valid or not, and which kind of
 * statement), digits by the independent digit judge (which digit, how sure, plausible or not; a digit has no "valid"),
 * other datasets (probe texts) not at all. Reconstructions are also compared with their source. An edit sample is
 * judged like any other: whether it became its target label is read from these verdicts (view {@code edit_outcomes});
 * an edited line is also checked for its input's names ({@link SharedNames#kept}).
 */
@ApplicationScoped
public class SampleJudge {
    private static final JudgedSample NO_RULE = JudgedSample.validity(null, null, null, null);

    @Inject
    PythonSyntaxChecker syntax;

    @Inject
    DigitJudgeProvider digits;

    public JudgedSample judge(SampleDecoded sample) {
        // compared by wire name: a dataset this evaluator does not know is stored without a rule, not refused
        JudgedSample judged = DatasetKind.PYTHON_LINES.wireName().equals(sample.dataset()) ? validity(sample.text())
                : DatasetKind.MNIST.wireName().equals(sample.dataset()) ? digit(sample) : NO_RULE;
        if (sample.kind() == SampleKind.RECONSTRUCTION && sample.source() != null) {
            judged = judged.withReconstruction(sample.text().equals(sample.source()), charAccuracy(sample.source(), sample.text()));
        }
        if (sample.kind() == SampleKind.EDIT && sample.inputA() != null
                && DatasetKind.PYTHON_LINES.wireName().equals(sample.dataset())) {
            judged = judged.withKeptInputNames(SharedNames.kept(sample.inputA(), sample.text()));
        }
        return judged;
    }

    private JudgedSample validity(String text) {
        Verdict verdict = syntax.check(text);
        String judge = syntax.interpreter() + " ast.parse";
        return switch (verdict.status()) {
            case VALID -> JudgedSample.validStatement(verdict.statement().isEmpty() ? null : verdict.statement(), judge);
            case INVALID -> JudgedSample.validity(JudgedSample.INVALID, false, verdict.exception() + ": " + verdict.message(), judge);
            case ERROR -> JudgedSample.validity(JudgedSample.ERROR, null, verdict.message(), judge);
        };
    }

    /** The sample and, for an interpolation point, the pair's two inputs, judged in one batch. */
    private JudgedSample digit(SampleDecoded sample) {
        DigitJudge judge;
        try {
            judge = digits.judge();
        } catch (IOException e) {
            return JudgedSample.validity(JudgedSample.ERROR, null, "digit judge unavailable: " + e.getMessage(), "digit judge");
        }
        boolean ends = sample.inputA() != null && sample.inputB() != null;
        List<String> texts = new ArrayList<>(List.of(sample.text()));
        if (ends) {
            texts.addAll(List.of(sample.inputA(), sample.inputB()));
        }
        List<DigitJudgement> verdicts = judge.judgeTexts(texts);
        DigitVerdict verdict = DigitVerdict.of(verdicts.get(0), ends ? verdicts.get(1) : null, ends ? verdicts.get(2) : null);
        return JudgedSample.digit(verdict, judge.id());
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
