package tvae.digit;

/**
 * A digit written as text (the seed's "MNIST as text"), as the pixel tokenizer reads it and the evaluator judges it:
 * row by row, each row its row-number character followed by one grey-level character per pixel. 14 rows of 14 pixels in 64 levels is
 * the seed's small variant: 210 characters, one token each.
 */
public record DigitText(PixelAlphabet alphabet, int width) {
    /** The seed's small variant: 28x28 shrunk to 14x14, 64 grey levels. */
    public static final DigitText SEED = new DigitText(new PixelAlphabet(64, 14), 14);

    public DigitText {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, was " + width);
        }
    }

    public int height() {
        return alphabet.rows();
    }

    /** Characters of a well-formed digit: a row marker and {@code width} levels per row. */
    public int length() {
        return height() * (width + 1);
    }

    /** Writes {@code image}, first shrunk to this size when it is a whole multiple of it (28x28 -> 14x14). */
    public String write(DigitImage image) {
        DigitImage sized = fitted(image);
        int top = alphabet.levels() - 1;
        StringBuilder text = new StringBuilder(length());
        for (int y = 0; y < height(); y++) {
            text.append(alphabet.rowChar(y));
            for (int x = 0; x < width; x++) {
                text.append(alphabet.levelChar(Math.round(sized.pixel(x, y) * top)));
            }
        }
        return text.toString();
    }

    /**
     * Draws whatever a decoder produced, never failing: a row marker starts its row, the levels after it fill that row
     * from the left (those past the width are dropped), levels before any marker fill row 0, a repeated row is drawn
     * again over the first, missing rows and pixels stay background, and any other character is ignored.
     */
    public DigitImage read(String text) {
        int top = alphabet.levels() - 1;
        float[] pixels = new float[width * height()];
        int row = 0;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int marker = alphabet.rowOf(c);
            int level = alphabet.levelOf(c);
            if (marker >= 0) {
                row = marker;
                column = 0;
            } else if (level >= 0) {
                if (column < width) {
                    pixels[row * width + column] = level / (float) top;
                }
                column++;
            }
        }
        return new DigitImage(width, height(), pixels);
    }

    /** Whether {@code text} is exactly what {@link #write} produces for some image: every row once, in order, full. */
    public boolean isWellFormed(String text) {
        if (text.length() != length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int column = i % (width + 1);
            char c = text.charAt(i);
            boolean ok = column == 0 ? alphabet.rowOf(c) == i / (width + 1) : alphabet.levelOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private DigitImage fitted(DigitImage image) {
        if (image.width() == width && image.height() == height()) {
            return image;
        }
        int factor = image.width() / width;
        if (factor * width != image.width() || factor * height() != image.height()) {
            throw new IllegalArgumentException("a " + image.width() + "x" + image.height() + " image does not shrink to "
                    + width + "x" + height() + " by a whole factor");
        }
        return image.downsample(factor);
    }
}
