package tvae.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.digit.PixelAlphabet;

class PixelTokenizerTest {
    private final PixelAlphabet alphabet = new PixelAlphabet(64, 14);
    private final PixelTokenizer tokenizer = new PixelTokenizer(alphabet);

    @Test
    void writesEveryPixelAndRowMarkerAsOneToken() {
        Random random = new Random(7);
        StringBuilder digit = new StringBuilder();
        for (int row = 0; row < 14; row++) {
            digit.append(alphabet.rowChar(row));
            for (int col = 0; col < 14; col++) {
                digit.append(alphabet.levelChar(random.nextInt(64)));
            }
        }
        int[] ids = tokenizer.encode(digit.toString());
        assertEquals(14 * 15, ids.length);
        for (int id : ids) {
            assertTrue(id >= 3 && id < 3 + 64 + 14, "level or row id expected, got " + id);
        }
        assertEquals(digit.toString(), tokenizer.decode(ids));
    }

    @Test
    void anyOtherTextRoundTripsThroughByteTokens() {
        for (String text : List.of("", "hello", "\t\n", "ünï 🐍", "\u0000", "ĀzĂ", "\u010E")) {
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)), text);
        }
        // U+010E would be row 14: outside a 14-row alphabet, so it is bytes, not a row marker
        assertEquals(2, tokenizer.encode("\u010E").length);
    }

    @Test
    void aLoneSurrogateComesBackAsOneReplacementCharacter() {
        assertEquals("a\uFFFDb", tokenizer.decode(tokenizer.encode("a\uD800b")));
        assertEquals("\uFFFD\uFFFDĀ", tokenizer.decode(tokenizer.encode("\uDE00\uD83DĀ")));
    }

    @Test
    void levelsBeyondTheAlphabetAreBytes() {
        PixelTokenizer fourLevels = new PixelTokenizer(new PixelAlphabet(4, 2));
        assertEquals(1, fourLevels.encode("3").length);
        int[] ids = fourLevels.encode("4");
        assertEquals("4", fourLevels.decode(ids));
        assertTrue(ids[0] >= 3 + 4 + 2, "a byte token");
    }

    @Test
    void decodeSkipsSpecialsAndRefusesUnknownIds() {
        int[] ids = tokenizer.encode("Ā0+/");
        int[] framed = new int[ids.length + 2];
        framed[0] = tokenizer.bosId();
        System.arraycopy(ids, 0, framed, 1, ids.length);
        framed[ids.length + 1] = tokenizer.eosId();
        assertEquals("Ā0+/", tokenizer.decode(framed));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {tokenizer.vocabSize()}));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-1}));
    }

    @Test
    void savedAndLoadedTokenizerIsTheSame(@TempDir Path dir) throws Exception {
        tokenizer.save(dir);
        Tokenizer loaded = Tokenizers.load(dir);
        assertTrue(loaded instanceof PixelTokenizer);
        assertEquals(tokenizer.sha256(), loaded.sha256());
        assertEquals(tokenizer.vocabSize(), loaded.vocabSize());
        assertEquals(alphabet, ((PixelTokenizer) loaded).alphabet());
        assertArrayEquals(tokenizer.encode("Āz9ĂA"), loaded.encode("Āz9ĂA"));
        assertTrue(!tokenizer.sha256().equals(new PixelTokenizer(new PixelAlphabet(16, 14)).sha256()));
    }
}
