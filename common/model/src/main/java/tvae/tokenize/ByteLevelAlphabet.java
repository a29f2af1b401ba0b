package tvae.tokenize;

/**
 * GPT-2's reversible map from the 256 byte values to 256 printable characters, as HuggingFace's
 * {@code ByteLevel} pre-tokenizer and decoder use it: BPE then works on bytes, so any text round-trips.
 */
public final class ByteLevelAlphabet {
    private static final char[] SYMBOL_OF_BYTE = new char[256];

    static {
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            SYMBOL_OF_BYTE[b] = (char) (printable ? b : next++);
        }
    }

    private ByteLevelAlphabet() {
    }

    public static char symbol(int unsignedByte) {
        return SYMBOL_OF_BYTE[unsignedByte];
    }

    /** The byte-level spelling of UTF-8 bytes: one character per byte. */
    public static String spell(byte[] utf8) {
        StringBuilder out = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            out.append(SYMBOL_OF_BYTE[b & 0xFF]);
        }
        return out.toString();
    }
}
