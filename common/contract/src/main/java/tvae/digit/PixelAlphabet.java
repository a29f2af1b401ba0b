package tvae.digit;

/**
 * The characters a digit is written in (design §2, after the seed's "MNIST as text"): one character per grey level,
 * taken from the base64 digits so 64 levels fit, and one row-number character per image row, taken from Latin
 * Extended-A (U+0100...) so it can never be confused with a level.
 */
public record PixelAlphabet(int levels, int rows) {
    public static final int MAX_LEVELS = 64;
    public static final int MAX_ROWS = 128;
    private static final String LEVEL_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/";
    private static final char FIRST_ROW_CHAR = '\u0100';

    public PixelAlphabet {
        if (levels < 2 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be in 2.." + MAX_LEVELS + ", was " + levels);
        }
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows must be in 1.." + MAX_ROWS + ", was " + rows);
        }
    }

    public char levelChar(int level) {
        if (level < 0 || level >= levels) {
            throw new IllegalArgumentException("level " + level + " outside 0.." + (levels - 1));
        }
        return LEVEL_CHARS.charAt(level);
    }

    /** The grey level a character stands for, or -1 when it is not a level of this alphabet. */
    public int levelOf(char c) {
        int level = LEVEL_CHARS.indexOf(c);
        return level < levels ? level : -1;
    }

    public char rowChar(int row) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row " + row + " outside 0.." + (rows - 1));
        }
        return (char) (FIRST_ROW_CHAR + row);
    }

    /** The row a character marks, or -1 when it is not a row marker of this alphabet. */
    public int rowOf(char c) {
        int row = c - FIRST_ROW_CHAR;
        return row >= 0 && row < rows ? row : -1;
    }
}
