package tvae.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tvae.events.ModelSpec;
import tvae.tokenize.TokenBatch;

/**
 * Every size of the Transformer-VAE (design §2): what a checkpoint records about its model's shape. How a run trains it
 * (learning rate, batch, warm-up, the MMD term and its ramp, research losses) is {@code tvae.train.TrainingOptions},
 * whose presets carry the same names.
 * Presets: {@code tiny} (CPU tests, trains in seconds), {@code compact} (the demo's), {@code small} (the seed's
 * python-lines recipe: 32 tokens, 5 latent tokens × 77 dims), {@code base} (longer sequences with shifted decoder
 * windows).
 *
 * @param maxLength             tokens per sequence, BOS/EOS included; a multiple of 2^(encoderStages-1)
 * @param dModel                width of every hidden state
 * @param heads                 attention heads (divides dModel)
 * @param ffnDim                inner width of the feed-forward layers
 * @param encoderStages         Funnel stages; the sequence halves between stages (32 → 16 → 8 for 3 stages)
 * @param layersPerStage        self-attention layers per stage (the first of a pooled stage is the pooling one)
 * @param latentTokens          pooled tokens kept as latent codes (the first ones)
 * @param latentDim             size of each latent code
 * @param decoderLayers         T5 decoder layers
 * @param attentionWindow       decoder self-attention window; ≥ maxLength means full (causal) attention
 * @param shiftWindows          odd decoder layers shift their windows by half a window, so windows overlap
 * @param relativeBuckets       T5 relative-position buckets
 * @param relativeMaxDistance   distance beyond which positions share the last bucket
 * @param normEpsilon           epsilon of LayerNorm and RMSNorm
 * @param interpolationCritic   whether the model carries an interpolation critic (a small Funnel encoder on the decoder's
 *                              hidden states, ACAI): set when a run trains with a critic weight above 0, so its
 *                              checkpoints hold the critic's parameters
 * @param latentPooling         how the latent codes are drawn from the encoder: {@value #POOL_POSITIONS} keeps the first
 *                              {@code latentTokens} pooled tokens (the seed's recipe: each code summarises a stretch
 *                              of the sequence), {@value #POOL_ATTENTION} lets {@code latentTokens} learned queries
 *                              attend over every pooled token (codes not tied to positions, Perceiver/Set-Transformer
 *                              style pooling); configs written before this field read as {@value #POOL_POSITIONS}
 * @param decoding              how the decoder reads a sequence: {@value #DECODE_AUTOREGRESSIVE} (the T5 recipe: each
 *                              position reads the token before it and sees only earlier positions; decoding runs
 *                              token by token), {@value #DECODE_PARALLEL} (each position reads only a learned position
 *                              embedding and sees every other position, so all of the sequence's content must come from
 *                              the latent codes and the whole sequence decodes in one pass: for digits, whose
 *                              autoregressive decoder rebuilds a pixel from its neighbours and leaves the codes
 *                              unread); configs written before this field read as {@value #DECODE_AUTOREGRESSIVE}
 */
public record TransformerVaeConfig(int maxLength, int dModel, int heads, int ffnDim, int encoderStages, int layersPerStage,
                                   int latentTokens, int latentDim, int decoderLayers, int attentionWindow,
                                   boolean shiftWindows, int relativeBuckets, int relativeMaxDistance, double normEpsilon,
                                   boolean interpolationCritic, String latentPooling, String decoding) {
    public static final String POOL_POSITIONS = "positions";
    public static final String POOL_ATTENTION = "attention";
    public static final String DECODE_AUTOREGRESSIVE = "autoregressive";
    public static final String DECODE_PARALLEL = "parallel";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Training settings that configs written before they moved to TrainingOptions still carry; read and dropped. */
    private static final List<String> TRAINING_FIELDS = List.of("learningRate", "batchSize", "warmupSteps", "mmdWeight",
            "mmdKernel", "mmdRampMidpoint", "mmdRampSteps", "criticWeight", "cycleWeight", "smoothnessWeight");

    public TransformerVaeConfig {
        // Upper bounds too: a request can set any of these, and one absurd size must not exhaust the trainer's memory.
        within("maxLength", maxLength, 4096);
        within("dModel", dModel, 4096);
        within("heads", heads, 64);
        within("ffnDim", ffnDim, 16_384);
        within("encoderStages", encoderStages, 8);
        within("layersPerStage", layersPerStage, 24);
        within("latentTokens", latentTokens, 512);
        within("latentDim", latentDim, 4096);
        within("decoderLayers", decoderLayers, 48);
        within("attentionWindow", attentionWindow, 1 << 20);
        within("relativeBuckets", relativeBuckets, 1024);
        within("relativeMaxDistance", relativeMaxDistance, 1 << 20);
        if (dModel % heads != 0) {
            throw invalid("heads", "must divide dModel " + dModel + ", was " + heads);
        }
        int reduction = poolingFactor(encoderStages);
        if (maxLength % reduction != 0) {
            throw invalid("maxLength", "must be a multiple of 2^(encoderStages-1) = " + reduction + ", was " + maxLength);
        }
        if (!POOL_POSITIONS.equals(latentPooling) && !POOL_ATTENTION.equals(latentPooling)) {
            throw invalid("latentPooling", "must be '" + POOL_POSITIONS + "' or '" + POOL_ATTENTION + "', was " + latentPooling);
        }
        if (!DECODE_AUTOREGRESSIVE.equals(decoding) && !DECODE_PARALLEL.equals(decoding)) {
            throw invalid("decoding", "must be '" + DECODE_AUTOREGRESSIVE + "' or '" + DECODE_PARALLEL + "', was " + decoding);
        }
        if (POOL_POSITIONS.equals(latentPooling) && latentTokens > maxLength / reduction) {
            throw invalid("latentTokens", "must be at most the pooled length " + maxLength / reduction + ", was " + latentTokens);
        }
        if (relativeBuckets < 2) {
            throw invalid("relativeBuckets", "must be at least 2, was " + relativeBuckets);
        }
        if (!(normEpsilon > 0)) {
            throw invalid("normEpsilon", "must be > 0, was " + normEpsilon);
        }
    }

    /** The named configurations ({@link ModelSpec#PRESETS}). */
    public static TransformerVaeConfig preset(String name) {
        return switch (name == null ? "" : name) {
            case "tiny" -> new TransformerVaeConfig(24, 64, 4, 128, 2, 1, 4, 16, 2, 8, true, 16, 32, 1e-6, false, POOL_POSITIONS, DECODE_AUTOREGRESSIVE);
            // small's shape at half the width, one encoder layer per stage and three decoder layers: about a third of
            // small's work per step, so on a 2-core CPU it passes 80 % held-out token accuracy within the demo's minutes.
            case "compact" -> new TransformerVaeConfig(32, 128, 4, 512, 3, 1, 5, 77, 3, 32, true, 32, 64, 1e-6, false, POOL_POSITIONS, DECODE_AUTOREGRESSIVE);
            case "small" -> new TransformerVaeConfig(32, 256, 4, 1024, 3, 2, 5, 77, 4, 32, true, 32, 64, 1e-6, false, POOL_POSITIONS, DECODE_AUTOREGRESSIVE);
            case "base" -> new TransformerVaeConfig(64, 512, 8, 2048, 3, 3, 5, 77, 6, 32, true, 32, 128, 1e-6, false, POOL_POSITIONS, DECODE_AUTOREGRESSIVE);
            default -> throw unknownPreset(name);
        };
    }

    /**
     * The shortest sequence length a batch can be padded to when its longest item has {@code longestContent} tokens:
     * room for them and EOS, a multiple of 2^(encoderStages-1) so the Funnel pools evenly, enough pooled tokens for
     * every latent token when codes are kept by position, and never over {@code maxLength}. Padding is masked, so a shorter batch computes the same
     * numbers with less work.
     */
    public int batchLength(int longestContent) {
        int reduction = poolingFactor(encoderStages);
        int needed = Math.max(longestContent + 1, attentionPooling() ? 1 : latentTokens * reduction);
        return Math.min(maxLength, (needed + reduction - 1) / reduction * reduction);
    }

    /** {@link #batchLength(int)} for these token sequences (content ids, cut at maxLength as a batch cuts them). */
    public int batchLength(List<int[]> encoded) {
        int longest = encoded.stream().mapToInt(ids -> TokenBatch.content(ids, maxLength).length).max().orElse(0);
        return batchLength(longest);
    }

    public int headDim() {
        return dModel / heads;
    }

    /** Whether the decoder's self-attention is windowed at all (windows as wide as the sequence are full attention). */
    public boolean windowed() {
        return attentionWindow < maxLength;
    }

    /** This config with an interpolation critic. */
    public TransformerVaeConfig withInterpolationCritic() {
        return withOverrides(Map.of("interpolationCritic", true));
    }

    /** Whether learned queries attend over the pooled tokens for the latent codes, rather than keeping the first ones. */
    public boolean attentionPooling() {
        return POOL_ATTENTION.equals(latentPooling);
    }

    /** Whether the decoder reads positions and decodes every position at once, rather than token by token. */
    public boolean parallelDecoding() {
        return DECODE_PARALLEL.equals(decoding);
    }

    /** The critic's encoder: the Funnel encoder's shape with one layer per stage. */
    public TransformerVaeConfig criticEncoder() {
        return withOverrides(Map.of("layersPerStage", 1));
    }

    /**
     * This config with some fields replaced, e.g. {@code {"dModel": 128}}. An unknown field or a value of the wrong
     * type or range is refused with an {@link IllegalArgumentException} naming the field.
     */
    public TransformerVaeConfig withOverrides(Map<String, ?> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        ObjectNode tree = JSON.valueToTree(this);
        for (Map.Entry<String, ?> override : overrides.entrySet()) {
            String field = override.getKey();
            if (TRAINING_FIELDS.contains(field)) {
                throw new IllegalArgumentException("'" + field + "' is a training setting, not a model field: set it in "
                        + "hyperParameters (tvae train: --hp " + field + "=VALUE)");
            }
            if (!tree.has(field)) {
                throw new IllegalArgumentException("unknown model field '" + field + "', expected one of " + fieldNames(tree));
            }
            JsonNode value = JSON.valueToTree(override.getValue());
            if (value == null || value.isNull() || value.getNodeType() != tree.get(field).getNodeType()
                    && !(value.isNumber() && tree.get(field).isNumber())) {
                throw invalid(field, "must be a " + tree.get(field).getNodeType().name().toLowerCase() + ", was " + value);
            }
            if (tree.get(field).isIntegralNumber() && !value.canConvertToExactIntegral()) {
                throw invalid(field, "must be a whole number, was " + value);
            }
            tree.set(field, value);
        }
        return fromTree(tree);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config always serialises", e);
        }
    }

    public JsonNode toTree() {
        return JSON.valueToTree(this);
    }

    public static TransformerVaeConfig fromJson(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model config is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads a config written by {@link #toJson}; a missing or unknown field is named in the error. Configs written
     * before the training settings left the model config still carry them: they are dropped, and a critic weight above
     * 0 means the model has a critic.
     */
    public static TransformerVaeConfig fromTree(JsonNode tree) {
        ObjectNode reference = JSON.valueToTree(preset("tiny"));
        if (tree instanceof ObjectNode object) {
            ObjectNode completed = object.deepCopy();
            if (!completed.has("interpolationCritic")) {
                completed.put("interpolationCritic", completed.path("criticWeight").asDouble(0) > 0);
            }
            if (!completed.has("latentPooling")) {
                completed.put("latentPooling", POOL_POSITIONS);
            }
            if (!completed.has("decoding")) {
                completed.put("decoding", DECODE_AUTOREGRESSIVE);
            }
            completed.remove(TRAINING_FIELDS);
            tree = completed;
        }
        for (Iterator<String> names = reference.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!tree.has(name)) {
                throw new IllegalArgumentException("model config lacks field '" + name + "'");
            }
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!reference.has(name)) {
                throw new IllegalArgumentException("unknown model field '" + name + "', expected one of " + fieldNames(reference));
            }
        }
        try {
            return JSON.treeToValue(tree, TransformerVaeConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("invalid model config: " + e.getOriginalMessage());
        }
    }

    private static List<String> fieldNames(JsonNode tree) {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** How much the Funnel shortens a sequence: it halves it between every two stages. */
    private static int poolingFactor(int encoderStages) {
        return 1 << (encoderStages - 1);
    }

    private static void within(String field, int value, int max) {
        if (value <= 0 || value > max) {
            throw invalid(field, "must be in [1, " + max + "], was " + value);
        }
    }

    /** Also the training presets' error: both carry the same names. */
    public static IllegalArgumentException unknownPreset(String name) {
        return new IllegalArgumentException("unknown model preset '" + name + "', expected one of " + String.join(", ", ModelSpec.PRESETS));
    }

    private static IllegalArgumentException invalid(String field, String rule) {
        return new IllegalArgumentException("model field '" + field + "' " + rule);
    }
}
