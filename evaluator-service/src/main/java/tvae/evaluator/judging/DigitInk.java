package tvae.evaluator.judging;

import tvae.digit.PixelAlphabet;

/**
 * The validity rule for MNIST samples (design §2, as the seed had it): a decoded digit is valid when its image is not
 * blank, i.e. some pixel character has a grey level above 0. Row markers and stray characters carry no ink.
 */
public final class DigitInk {
    private static final PixelAlphabet ALPHABET = new PixelAlphabet(PixelAlphabet.MAX_LEVELS, PixelAlphabet.MAX_ROWS);

    private DigitInk() {
    }

    public static boolean hasInk(String text) {
        return text.chars().anyMatch(c -> ALPHABET.levelOf((char) c) > 0);
    }
}
