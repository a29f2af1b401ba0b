package tvae.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenizerFiles;

/**
 * Everything a checkpoint holds, in memory.
 *
 * @param runId        the run that wrote it
 * @param step         optimizer steps done
 * @param config       the model's config
 * @param tokenizerFiles the saved tokenizer's files by name
 * @param parameters   the model's parameters as DJL's {@code saveParameters} writes them
 * @param optimizer    the optimizer state (moments and step), or null for an inference-only checkpoint
 * @param trainerState data cursor and seed (JSON), or null
 * @param metrics      evaluation numbers at this step
 * @param dataset      the data set spec the run trained on (JSON), or null
 */
public record CheckpointContents(String runId, long step, TransformerVaeConfig config, Map<String, byte[]> tokenizerFiles,
                                 byte[] parameters, byte[] optimizer, JsonNode trainerState, Map<String, Double> metrics,
                                 JsonNode dataset) {
    public CheckpointContents {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tokenizerFiles = java.util.Collections.unmodifiableMap(new TreeMap<>(tokenizerFiles));
    }

    /** The tokenizer files as the tokenizer package reads them. */
    public TokenizerFiles tokenizer() {
        return TokenizerFiles.of(tokenizerFiles);
    }
}
