package tvae.data;

import tvae.digit.DigitImage;

/** An image with its class (the digit, or the Fashion-MNIST class number); {@code label} may be null. */
public record LabelledImage(DigitImage image, String label) {
}
