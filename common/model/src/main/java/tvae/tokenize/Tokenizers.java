package tvae.tokenize;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Loads whichever tokenizer a directory holds, by the kind its descriptor names. */
public final class Tokenizers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokenizers() {
    }

    public static Tokenizer load(Path directory) throws IOException {
        return fromFiles(TokenizerFiles.readFrom(directory));
    }

    public static Tokenizer fromFiles(TokenizerFiles files) throws IOException {
        String kind = JSON.readTree(files.get(TokenizerFiles.DESCRIPTOR)).path("kind").asText("");
        return switch (kind) {
            case BpeTokenizer.KIND -> BpeTokenizer.fromFiles(files);
            case PixelTokenizer.KIND -> PixelTokenizer.fromFiles(files);
            default -> throw new IOException("unknown tokenizer kind '" + kind + "' in " + TokenizerFiles.DESCRIPTOR
                    + ", expected " + BpeTokenizer.KIND + " or " + PixelTokenizer.KIND);
        };
    }
}
