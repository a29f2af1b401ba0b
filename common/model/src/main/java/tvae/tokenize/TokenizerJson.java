package tvae.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * HuggingFace's {@code tokenizer.json} for our byte-level BPE: the {@link PythonPreTokenizer} split, then bytes as
 * {@link ByteLevelAlphabet} symbols, then the merges. Pad/bos/eos live in the model vocabulary only (not as
 * "added tokens"), because HuggingFace would cut added tokens out of any input that spells them, and a Python
 * line may well contain the text {@code <pad>}; their names use characters outside the byte alphabet, so no merge
 * can ever produce them.
 */
final class TokenizerJson {
    static final String FILE = "tokenizer.json";
    static final List<String> SPECIALS = List.of("⟨pad⟩", "⟨bos⟩", "⟨eos⟩");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {
    }

    /** {@code tokens}: content tokens in id order after the specials (the 256 bytes first); {@code merges}: pairs in rank order. */
    static byte[] write(List<String> tokens, List<String[]> merges) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        ObjectNode preTokenizer = root.putObject("pre_tokenizer");
        preTokenizer.put("type", "Sequence");
        ArrayNode steps = preTokenizer.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", PythonPreTokenizer.PATTERN);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        steps.add(byteLevel());
        root.putNull("post_processor");
        root.set("decoder", byteLevel());
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        int id = 0;
        for (String special : SPECIALS) {
            vocab.put(special, id++);
        }
        for (String token : tokens) {
            vocab.put(token, id++);
        }
        ArrayNode mergeList = model.putArray("merges");
        // byte-level symbols never contain a space, so the classic "left right" form is unambiguous
        merges.forEach(pair -> mergeList.add(pair[0] + " " + pair[1]));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Size of the vocabulary a saved {@code tokenizer.json} defines, specials included. */
    static int vocabSize(byte[] tokenizerJson) throws IOException {
        JsonNode vocab = JSON.readTree(tokenizerJson).path("model").path("vocab");
        if (!vocab.isObject() || vocab.size() <= SPECIALS.size()) {
            throw new IOException(FILE + " has no BPE vocabulary");
        }
        for (int i = 0; i < SPECIALS.size(); i++) {
            if (vocab.path(SPECIALS.get(i)).asInt(-1) != i) {
                throw new IOException(FILE + " must give " + SPECIALS.get(i) + " id " + i);
            }
        }
        return vocab.size();
    }

    private static ObjectNode byteLevel() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", false);
        node.put("use_regex", false);
        return node;
    }
}
