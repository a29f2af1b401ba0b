package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tvae.digit.DigitImage;
import tvae.digit.DigitText;
import tvae.digit.PixelAlphabet;
import tvae.tokenize.PixelTokenizer;

class DigitTextTest {
    private final DigitText text = DigitText.SEED;

    @Test
    void writesTheSeedsFourteenRowsOfMarkerAndFourteenLevels() {
        String written = text.write(stroke());
        assertEquals(14 * 15, written.length());
        assertTrue(text.isWellFormed(written));
        PixelTokenizer tokenizer = new PixelTokenizer(text.alphabet());
        assertEquals(210, tokenizer.encode(written).length, "one token per character");
        assertEquals(written, tokenizer.decode(tokenizer.encode(written)));
    }

    @Test
    void readingBackGivesTheShrunkImageUpToQuantisation() {
        DigitImage original = stroke();
        DigitImage small = original.downsample(2);
        DigitImage back = text.read(text.write(original));
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                assertEquals(small.pixel(x, y), back.pixel(x, y), 0.5 / 63 + 1e-6, "pixel " + x + "," + y);
            }
        }
        assertEquals(text.write(original), text.write(back), "written text is a fixed point");
        assertEquals(1f, back.pixel(7, 7), "full ink stays full ink");
    }

    @Test
    void drawsMalformedSequencesWithoutFailing() {
        String good = text.write(stroke());
        PixelAlphabet a = text.alphabet();
        // rows missing: only the first 5 rows
        DigitImage firstRows = text.read(good.substring(0, 5 * 15));
        assertEquals(0f, firstRows.pixel(7, 7));
        assertFalse(text.isWellFormed(good.substring(0, 5 * 15)));
        // an over-long row: the extra levels are dropped, the next row is intact
        String longRow = a.rowChar(7) + "z".repeat(30) + a.rowChar(8) + "1";
        DigitImage drawn = text.read(longRow);
        assertEquals(a.levelOf('z') / 63f, drawn.pixel(13, 7), 1e-6);
        assertEquals(1 / 63f, drawn.pixel(0, 8), 1e-6);
        assertEquals(0f, drawn.pixel(1, 8));
        // no markers at all fill row 0; foreign characters are ignored; a repeated row is drawn over
        assertEquals(1f, text.read("/??/").pixel(1, 0));
        assertEquals(0f, text.read("" + a.rowChar(3) + "/" + a.rowChar(3) + "0").pixel(0, 3));
        assertTrue(text.read("").isBlank());
        assertTrue(text.read("?! ⟨⟩ \u0100\u0100 -_ \n").isBlank(), "no level characters, no ink");
        assertFalse(text.isWellFormed(good.replace(a.rowChar(4), a.rowChar(5))), "rows out of order");
        assertFalse(text.isWellFormed(good.substring(1) + "0"));
    }

    @Test
    void blankMeansNoPixelWithInk() {
        assertTrue(DigitImage.blank(14, 14).isBlank());
        String faint = "" + text.alphabet().rowChar(0) + text.alphabet().levelChar(20);
        assertTrue(text.read(faint).isBlank(), "a faint pixel is not ink");
        String dot = "" + text.alphabet().rowChar(9) + "00000" + text.alphabet().levelChar(40);
        assertFalse(text.read(dot).isBlank());
    }

    @Test
    void rendersToAPngOfTheScaledSize() throws IOException {
        DigitImage digit = text.read(text.write(stroke()));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(digit.png(4)));
        assertEquals(56, png.getWidth());
        assertEquals(56, png.getHeight());
        assertEquals(255, png.getRaster().getSample(7 * 4 + 1, 7 * 4 + 2, 0));
        assertEquals(0, png.getRaster().getSample(0, 0, 0));
    }

    @Test
    void refusesImagesThatDoNotShrinkToItsSize() {
        assertThrows(IllegalArgumentException.class, () -> text.write(DigitImage.blank(30, 30)));
        assertThrows(IllegalArgumentException.class, () -> new DigitImage(2, 2, new float[3]));
    }

    /** A 28x28 image with a full-ink vertical bar and a soft diagonal. */
    private static DigitImage stroke() {
        float[] pixels = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            pixels[y * 28 + 14] = 1f;
            pixels[y * 28 + 15] = 1f;
            pixels[y * 28 + y] = Math.max(pixels[y * 28 + y], 0.3f + y / 100f);
        }
        return new DigitImage(28, 28, pixels);
    }
}
