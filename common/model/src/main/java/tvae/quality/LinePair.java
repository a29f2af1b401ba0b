package tvae.quality;

/** Two lines an interpolation path runs between: A at ratio 0, B at ratio 1. */
public record LinePair(String a, String b) {
}
