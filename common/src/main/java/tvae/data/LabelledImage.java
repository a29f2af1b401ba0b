package tvae.data;

/** An image with its class (the digit, or the Fashion-MNIST class number); {@code label} may be null. */
public record LabelledImage(DigitImage image, String label) {
}
