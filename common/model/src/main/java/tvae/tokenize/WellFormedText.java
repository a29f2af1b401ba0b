package tvae.tokenize;

/**
 * Text as UTF-8 can carry it. A Java string may hold a lone UTF-16 surrogate (half of an emoji, a JSON {@code "\ud800"}
 * escape); no tokenizer that works on UTF-8 bytes can give it back, so each one is replaced by U+FFFD before encoding,
 * the same way in every tokenizer, and readers of outside data apply the same repair so corpus texts round-trip.
 */
public final class WellFormedText {
    private WellFormedText() {
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD; the same instance when there is none. */
    public static String repair(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (out == null && !paired) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(paired ? text.substring(i, i + 2) : "\uFFFD");
            }
            if (paired) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
