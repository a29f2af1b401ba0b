package tvae.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.data.PythonLinesCorpus;
import tvae.data.PythonLinesFixture;
import tvae.data.Split;
import tvae.data.SplitCorpus;

/** The Python-aware BPE on the real python-lines corpus: exact round trips, stable saved form. */
class BpeTokenizerTest {
    // every 8th training line: enough for real merges, quick to train (the full split is the service's job)
    private static final int TRAIN_STRIDE = 8;

    private static SplitCorpus corpus;
    private static BpeTokenizer tokenizer;

    @BeforeAll
    static void trainOnPartOfTheTrainSplit() {
        PythonLinesCorpus.Built built = PythonLinesFixture.standardLibrary();
        corpus = built.corpus();
        List<String> train = corpus.texts(Split.TRAIN);
        List<String> subset = new ArrayList<>();
        for (int i = 0; i < train.size(); i += TRAIN_STRIDE) {
            subset.add(train.get(i));
        }
        long start = System.nanoTime();
        tokenizer = new BpeTrainer(4096).train(subset);
        System.out.printf("BPE: %d merges learnt from %d lines in %.1f s%n", tokenizer.vocabSize() - 259, subset.size(),
                (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void roundTripsEveryLineOfEverySplitExactly() {
        long tokens = 0;
        int lines = 0;
        for (Split split : Split.values()) {
            List<String> texts = corpus.texts(split);
            List<int[]> encoded = tokenizer.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                assertEquals(text, tokenizer.decode(encoded.get(i)), () -> split + " line does not round-trip: " + text);
                tokens += encoded.get(i).length;
            }
            lines += texts.size();
        }
        double perLine = tokens / (double) lines;
        System.out.printf("BPE round trip: %d lines, %.2f tokens per line%n", lines, perLine);
        assertTrue(perLine < 20, "merges should compress a line of Python well below its bytes, got " + perLine);
    }

    @Test
    void batchAndSingleEncodingAgree() {
        List<String> sample = corpus.texts(Split.VALID).subList(0, 500);
        List<int[]> batch = tokenizer.encodeAll(sample);
        for (int i = 0; i < sample.size(); i++) {
            assertArrayEquals(tokenizer.encode(sample.get(i)), batch.get(i), sample.get(i));
        }
    }

    @Test
    void roundTripsTextOutsideTheCorpus() {
        List<String> odd = List.of("", " ", "\t", "\t\tx = 1", "  \t \n\r\n", "x\u000b=\fy", "a\u00a0b", "a\u2003b\u3000c",
                "ünïcödé = 'naïve café'", "名前 = \"東京\"", "print('🐍🚀')", "x = '\\u00e9' + \"\\\"\"", "\u0000",
                "nul\u0000inside", "é", "e\u0301", "😀" + "\uD83D\uDE00".repeat(3), "'unclosed", "\"\"\"", "#!",
                "⟨pad⟩ ⟨bos⟩ ⟨eos⟩", "<pad><s></s><unk>", "a" + " ".repeat(40) + "b", "x" .repeat(500),
                "\\", "\r", "\u2028line\u2029sep", "\uFEFFbom", "Ω≈ç√∫˜µ≤≥÷", "\u202Eright-to-left\u202C");
        for (String text : odd) {
            int[] ids = tokenizer.encode(text);
            for (int id : ids) {
                assertTrue(id >= 3 && id < tokenizer.vocabSize(), "content id out of range: " + id + " in " + text);
            }
            assertEquals(text, tokenizer.decode(ids), () -> "does not round-trip: " + escape(text));
        }
        assertEquals(0, tokenizer.encode("").length);
    }

    @Test
    void aLoneSurrogateComesBackAsOneReplacementCharacter() {
        assertEquals("a\uFFFDb", tokenizer.decode(tokenizer.encode("a\uD800b")));
        assertEquals("\uFFFD\uFFFD", tokenizer.decode(tokenizer.encode("\uDE00\uD83D")));
        assertEquals("\uFFFD", tokenizer.decode(tokenizer.encodeAll(List.of("\uDC00")).get(0)));
        assertEquals("🐍", tokenizer.decode(tokenizer.encode("🐍")));
    }

    @Test
    void everyByteAloneHasItsOwnToken() {
        // the byte-level fallback: a character no merge knows still costs one token per UTF-8 byte, never UNK
        String rare = "\uD800\uDF48"; // GOTHIC LETTER HWAIR, 4 bytes
        int[] ids = tokenizer.encode(rare);
        assertTrue(ids.length >= 1 && ids.length <= 4, "4 UTF-8 bytes at most 4 tokens, got " + ids.length);
        assertEquals(rare, tokenizer.decode(ids));
    }

    @Test
    void decodeSkipsSpecialsAndRefusesUnknownIds() {
        int[] ids = tokenizer.encode("return x");
        int[] framed = new int[ids.length + 3];
        framed[0] = tokenizer.bosId();
        System.arraycopy(ids, 0, framed, 1, ids.length);
        framed[ids.length + 1] = tokenizer.eosId();
        framed[ids.length + 2] = tokenizer.padId();
        assertEquals("return x", tokenizer.decode(framed));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {tokenizer.vocabSize()}));
    }

    @Test
    void savedAndLoadedTokenizerEncodesIdenticallyWithTheSameHash(@TempDir Path dir) throws Exception {
        tokenizer.save(dir);
        List<String> sample = corpus.texts(Split.TEST);
        try (BpeTokenizer loaded = BpeTokenizer.load(dir)) {
            assertEquals(tokenizer.sha256(), loaded.sha256());
            assertEquals(tokenizer.vocabSize(), loaded.vocabSize());
            List<int[]> before = tokenizer.encodeAll(sample);
            List<int[]> after = loaded.encodeAll(sample);
            for (int i = 0; i < sample.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), sample.get(i));
            }
        }
        Tokenizer viaKind = Tokenizers.load(dir);
        assertTrue(viaKind instanceof BpeTokenizer);
        assertEquals(tokenizer.sha256(), viaKind.sha256());
        ((BpeTokenizer) viaKind).close();
    }

    @Test
    void trainingIsDeterministic() {
        List<String> sample = corpus.texts(Split.TRAIN).subList(0, 5000);
        try (BpeTokenizer first = new BpeTrainer(600).train(sample);
             BpeTokenizer second = new BpeTrainer(600).train(sample)) {
            assertEquals(first.sha256(), second.sha256());
        }
    }

    @Test
    void editedSavedFileChangesTheHash(@TempDir Path dir) throws Exception {
        tokenizer.save(dir);
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, Files.readString(json, StandardCharsets.UTF_8) + " ", StandardCharsets.UTF_8);
        try (BpeTokenizer edited = BpeTokenizer.load(dir)) {
            assertTrue(!edited.sha256().equals(tokenizer.sha256()));
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.toString();
    }
}
