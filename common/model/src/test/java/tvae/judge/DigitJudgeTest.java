package tvae.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.data.LabelledImage;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.digit.DigitImage;

/**
 * The judge on digits it never learned from: the official MNIST test digits, as the pixel text draws them. Trained
 * once into the same cache the services' tests use ({@code java.io.tmpdir/tvae-data-cache}), then loaded.
 */
class DigitJudgeTest {
    static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache", "digit-judge");
    private static DigitJudge judge;
    private static List<LabelledImage> testDigits;

    @BeforeAll
    static void trainOrLoad() throws IOException {
        Path mnist = OfficialMnist.locate();
        judge = DigitJudge.loadOrTrain(CACHE, mnist, (stage, done, total) -> {
            if (done == 0 || done == total) {
                System.out.println(PreparationProgress.describe(stage, done, total));
            }
        });
        testDigits = OfficialMnist.test(mnist);
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void judgesTheHeldOutTestDigitsAtLeast98PercentRight() {
        assertEquals(10_000, testDigits.size());
        double accuracy = judge.accuracy(testDigits);
        System.out.printf("digit judge: %.2f %% of the 10,000 MNIST test digits right%n", 100 * accuracy);
        assertTrue(accuracy >= 0.98, "judge accuracy " + accuracy);
    }

    @Test
    void mostTestDigitsArePlausibleAndABlankImageIsNotJudgedRightByChance() {
        List<DigitJudgement> verdicts = judge.judge(testDigits.subList(0, 1000).stream().map(LabelledImage::image).toList());
        long plausible = verdicts.stream().filter(DigitJudgement::plausible).count();
        System.out.printf("plausible at >= 0.9: %d of 1000 real test digits%n", plausible);
        assertTrue(plausible >= 900, "real digits should mostly be plausible: " + plausible);
        DigitJudgement blank = judge.judge(List.of(DigitImage.blank(14, 14))).get(0);
        assertTrue(blank.confidence() > 0 && blank.confidence() <= 1);
    }

    @Test
    void pixelTextIsJudgedAsTheImageItDraws() {
        LabelledImage first = testDigits.get(0);
        String text = DigitJudge.FORMAT.write(first.image());
        assertEquals(judge.judge(List.of(first.image())), judge.judgeTexts(List.of(text)));
        assertEquals(first.label(), Integer.toString(judge.judgeTexts(List.of(text)).get(0).digit()));
    }

    @Test
    void theCachedJudgeIsReloadedWithTheSameVerdicts() throws IOException {
        List<DigitImage> some = testDigits.subList(0, 50).stream().map(LabelledImage::image).toList();
        try (DigitJudge again = DigitJudge.loadOrTrain(CACHE, OfficialMnist.locate(), PreparationProgress.NONE)) {
            assertEquals(judge.judge(some), again.judge(some));
        }
    }

    @Test
    void aJudgementIsADigitWithAProbability() {
        assertTrue(new DigitJudgement(3, 0.9).plausible());
        assertFalse(new DigitJudgement(3, 0.89).plausible());
        assertThrows(IllegalArgumentException.class, () -> new DigitJudgement(10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new DigitJudgement(1, 1.5));
    }
}
