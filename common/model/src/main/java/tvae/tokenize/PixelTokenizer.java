package tvae.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import tvae.digit.PixelAlphabet;

/**
 * One token per character of a digit written in a {@link PixelAlphabet}: ids are the specials, then the grey levels,
 * then the row markers, then 256 byte tokens so that any other text still round-trips (as UTF-8 bytes).
 */
public final class PixelTokenizer implements Tokenizer {
    public static final String KIND = "pixels";
    private static final int SPECIALS = 3;
    private static final int BYTES = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PixelAlphabet alphabet;
    private final TokenizerFiles files;

    public PixelTokenizer(PixelAlphabet alphabet) {
        this.alphabet = alphabet;
        String descriptor = "{\"kind\":\"" + KIND + "\",\"formatVersion\":1,\"levels\":" + alphabet.levels()
                + ",\"rows\":" + alphabet.rows() + "}\n";
        this.files = TokenizerFiles.of(Map.of(TokenizerFiles.DESCRIPTOR, descriptor.getBytes(StandardCharsets.UTF_8)));
    }

    static PixelTokenizer fromFiles(TokenizerFiles files) throws IOException {
        JsonNode descriptor = JSON.readTree(files.get(TokenizerFiles.DESCRIPTOR));
        return new PixelTokenizer(new PixelAlphabet(descriptor.path("levels").asInt(), descriptor.path("rows").asInt()));
    }

    public static PixelTokenizer load(Path directory) throws IOException {
        return fromFiles(TokenizerFiles.readFrom(directory));
    }

    public PixelAlphabet alphabet() {
        return alphabet;
    }

    @Override
    public int[] encode(String raw) {
        String text = WellFormedText.repair(raw);
        int[] ids = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int level = alphabet.levelOf(c);
            int row = alphabet.rowOf(c);
            if (level >= 0) {
                ids[n++] = firstLevelId() + level;
            } else if (row >= 0) {
                ids[n++] = firstRowId() + row;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                if (n + utf8.length > ids.length) {
                    ids = Arrays.copyOf(ids, ids.length + utf8.length + text.length());
                }
                for (byte b : utf8) {
                    ids[n++] = firstByteId() + (b & 0xFF);
                }
                i = end - 1;
            }
        }
        return Arrays.copyOf(ids, n);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder(ids.length);
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize());
            }
            if (id >= firstByteId()) {
                pendingBytes.write(id - firstByteId());
                continue;
            }
            flush(pendingBytes, out);
            if (id >= firstRowId()) {
                out.append(alphabet.rowChar(id - firstRowId()));
            } else if (id >= firstLevelId()) {
                out.append(alphabet.levelChar(id - firstLevelId()));
            }
        }
        flush(pendingBytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream pendingBytes, StringBuilder out) {
        if (pendingBytes.size() > 0) {
            out.append(pendingBytes.toString(StandardCharsets.UTF_8));
            pendingBytes.reset();
        }
    }

    private int firstLevelId() {
        return SPECIALS;
    }

    private int firstRowId() {
        return SPECIALS + alphabet.levels();
    }

    private int firstByteId() {
        return firstRowId() + alphabet.rows();
    }

    @Override
    public int vocabSize() {
        return firstByteId() + BYTES;
    }

    @Override
    public TokenizerFiles files() {
        return files;
    }
}
