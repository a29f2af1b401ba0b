package tvae.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tvae.digit.DigitImage;
import tvae.digit.DigitText;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;

class RawInputBaselineTest {
    @Test
    void aDigitSetIsMeasuredOnItsPixelsAndNotOnTfIdf() {
        List<ProbeItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean upright = i % 2 == 0;
            items.add(new ProbeItem(DigitText.SEED.write(bar(upright, 1 + i % 3, 13 - i % 4)), upright ? "one" : "dash", noise(i)));
        }
        Map<String, ProbeScore> scores = byMethod(ProbeEvaluation.evaluate(ProbeLatents.of("c", "r", "digits", items)));

        assertFalse(scores.containsKey(ProbeScore.BOW_TFIDF_LINEAR_SVM), "TF-IDF of pixel characters means nothing");
        ProbeScore pixels = scores.get(ProbeScore.PIXEL_LINEAR_SVM);
        assertEquals(1.0, pixels.accuracy(), 1e-9, "an upright bar and a flat bar differ in every image");
        assertEquals(ProbeSplit.STRATIFIED, pixels.split());
        assertEquals(scores.get(ProbeScore.LATENT_LINEAR_SVM).testSize(), pixels.testSize(), "same split as the latent probe");
        assertEquals(1.0, pixels.ciHigh());
        assertTrue(pixels.ciLow() > 0 && pixels.ciLow() < 1);
    }

    @Test
    void aTextSetKeepsTfIdfAndGetsNoPixelScore() {
        List<ProbeItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String text = (i % 2 == 0 ? "match goal team " : "bank loan rate ") + "news item " + i;
            items.add(new ProbeItem(text, i % 2 == 0 ? "sport" : "money", noise(i)));
        }
        Map<String, ProbeScore> scores = byMethod(ProbeEvaluation.evaluate(ProbeLatents.of("c", "r", "news", items)));

        assertFalse(scores.containsKey(ProbeScore.PIXEL_LINEAR_SVM));
        assertEquals(1.0, scores.get(ProbeScore.BOW_TFIDF_LINEAR_SVM).accuracy(), 1e-9);
        for (ProbeScore score : scores.values()) {
            assertTrue(score.ciLow() <= score.accuracy() && score.accuracy() <= score.ciHigh(), score.toString());
        }
    }

    /** A two-pixel-thick bar through the middle, upright or flat, drawn from {@code from} up to {@code to}. */
    private static DigitImage bar(boolean upright, int from, int to) {
        int side = DigitText.SEED.width();
        float[] pixels = new float[side * side];
        for (int along = from; along < to; along++) {
            for (int across = 6; across < 8; across++) {
                pixels[upright ? along * side + across : across * side + along] = 1f;
            }
        }
        return new DigitImage(side, side, pixels);
    }

    private static float[] noise(int i) {
        return new float[] {(float) Math.sin(i * 12.9898), (float) Math.cos(i * 78.233)};
    }

    private static Map<String, ProbeScore> byMethod(List<ProbeScore> scores) {
        return scores.stream().collect(Collectors.toMap(ProbeScore::method, s -> s));
    }
}
