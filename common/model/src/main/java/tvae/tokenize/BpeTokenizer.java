package tvae.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Python-aware byte-level BPE (design §2): pieces from {@link PythonPreTokenizer}, merges learnt by
 * {@link BpeTrainer}, every byte a token of its own so no text is ever lost to UNK. Encoding and decoding run in
 * HuggingFace's Rust tokenizer (DJL's {@code tokenizers} jar carries the native library, so it works offline),
 * reading the {@code tokenizer.json} this project writes; the saved form is that file plus the descriptor.
 * Holds a native handle: {@link #close()} it when done (one per process is the usual pattern).
 */
public final class BpeTokenizer implements Tokenizer {
    public static final String KIND = "python-bpe";

    // no truncation, padding or added specials: the caller decides sequence length and BOS/EOS
    private static final Map<String, String> ENCODE_AS_IS = Map.of(
            "truncation", "false", "padding", "false", "addSpecialTokens", "false");

    private final TokenizerFiles files;
    private final HuggingFaceTokenizer engine;
    private final int vocabSize;

    private BpeTokenizer(TokenizerFiles files) throws IOException {
        this.files = files;
        byte[] json = files.get(TokenizerJson.FILE);
        this.vocabSize = TokenizerJson.vocabSize(json);
        this.engine = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), ENCODE_AS_IS);
    }

    static BpeTokenizer fromFiles(TokenizerFiles files) throws IOException {
        return new BpeTokenizer(files);
    }

    /** Built from learnt merges; {@code tokens} are the content tokens in id order, bytes first. */
    static BpeTokenizer fromMerges(List<String> tokens, List<String[]> merges) {
        String descriptor = "{\"kind\":\"" + KIND + "\",\"formatVersion\":1}\n";
        try {
            return new BpeTokenizer(TokenizerFiles.of(Map.of(
                    TokenizerFiles.DESCRIPTOR, descriptor.getBytes(StandardCharsets.UTF_8),
                    TokenizerJson.FILE, TokenizerJson.write(tokens, merges))));
        } catch (IOException e) {
            throw new UncheckedIOException("a freshly written tokenizer.json must load", e);
        }
    }

    public static BpeTokenizer load(Path directory) throws IOException {
        return new BpeTokenizer(TokenizerFiles.readFrom(directory));
    }

    @Override
    public int[] encode(String text) {
        return ids(engine.encode(WellFormedText.repair(text), false, false));
    }

    /** Encodes many texts in one native call (parallel inside the Rust library). */
    public List<int[]> encodeAll(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        List<String> wellFormed = texts.stream().map(WellFormedText::repair).toList();
        for (Encoding encoding : engine.batchEncode(wellFormed, false, false)) {
            out.add(ids(encoding));
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] content = Arrays.stream(ids).filter(id -> id >= TokenizerJson.SPECIALS.size()).asLongStream().toArray();
        for (long id : content) {
            if (id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize);
            }
        }
        return engine.decode(content, false);
    }

    /** The token strings of {@code text} in byte-level spelling (e.g. {@code Ġself}), for looking at merges. */
    public List<String> pieces(String text) {
        return Arrays.asList(engine.encode(WellFormedText.repair(text), false, false).getTokens());
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public TokenizerFiles files() {
        return files;
    }

    @Override
    public void close() {
        engine.close();
    }

    private static int[] ids(Encoding encoding) {
        return Arrays.stream(encoding.getIds()).mapToInt(Math::toIntExact).toArray();
    }
}
