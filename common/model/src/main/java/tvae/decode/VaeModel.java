package tvae.decode;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointContents;
import tvae.engine.Autograd;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.Mixing;
import tvae.model.TransformerVae;
import tvae.model.TransformerVaeConfig;
import tvae.syntax.SyntaxFilter;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;
import tvae.tokenize.Tokenizers;

/**
 * A trained Transformer-VAE for inference, loaded from a verified checkpoint: encode texts to latent tokens, decode
 * latent tokens to texts, interpolate between two texts.
 *
 * <p>Thread-safety: {@link #encode}, {@link #decode} and {@link #interpolate} may run concurrently from many threads;
 * the parameters are only read, every call keeps its arrays in its own scope (freed when it returns) and switches
 * recording off for its own thread only. {@link #close} frees the parameters and must come after the last call has
 * returned (the serving side's lease ensures that).
 */
public final class VaeModel implements AutoCloseable {
    private final TransformerVaeConfig config;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final TransformerVae model;
    private final ParameterStore parameters;
    private final CheckpointContents source;
    private GuidedDecoder guidedDecoder;

    private VaeModel(CheckpointContents contents, Tokenizer tokenizer, Device device) throws IOException {
        this.config = contents.config();
        this.tokenizer = tokenizer;
        this.source = contents;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.model = Checkpoint.restoreModel(contents, tokenizer.vocabSize(), manager);
            this.parameters = new ParameterStore(manager, false);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Loads and verifies {@code checkpointZip}; a damaged or incompatible one is refused with a CorruptCheckpointException. */
    public static VaeModel load(Path checkpointZip, Device device) throws IOException {
        CheckpointContents contents = Checkpoint.read(checkpointZip);
        Tokenizer tokenizer = Tokenizers.fromFiles(contents.tokenizer());
        try {
            return new VaeModel(contents, tokenizer, device);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public TransformerVaeConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public long step() {
        return source.step();
    }

    public Map<String, Double> metrics() {
        return source.metrics();
    }

    /**
     * texts -> latent tokens per text (B, L, d_latent); texts longer than the model's length are cut. The batch is
     * padded only as far as its longest text needs (padding is masked, so the codes are those of a full-length batch,
     * for a fraction of the encoder's work on short lines).
     */
    public float[][][] encode(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][][];
        }
        try (NDScope scope = new NDScope(); Autograd.Restore off = Autograd.noGrad()) {
            List<int[]> ids = texts.stream().map(tokenizer::encode).toList();
            TokenBatch batch = TokenBatch.ofIds(ids, tokenizer, config.batchLength(ids), manager);
            float[] flat = model.encode(parameters, batch.encoderIds(), batch.keep()).toFloatArray();
            return LatentArrays.nested(flat, texts.size(), config.latentTokens(), config.latentDim());
        }
    }

    /** Decodes latent tokens (B, L, d_latent) as one batch, with the KV cache. */
    public List<String> decode(float[][][] latents, DecodingOptions options) {
        return decode(latents, options, true);
    }

    /** As {@link #decode(float[][][], DecodingOptions)}; {@code useCache=false} recomputes the prefix at every step. */
    public List<String> decode(float[][][] latents, DecodingOptions options, boolean useCache) {
        return decode(latents, options, useCache, null);
    }

    /**
     * As {@link #decode(float[][][], DecodingOptions)}, with the judge that guided decoding asks to prune its beam
     * and pick among its candidates (null: the constraint alone, the most likely candidate wins).
     */
    public List<String> decode(float[][][] latents, DecodingOptions options, SyntaxFilter judge) {
        return decode(latents, options, true, judge);
    }

    private List<String> decode(float[][][] latents, DecodingOptions options, boolean useCache, SyntaxFilter judge) {
        if (latents.length == 0) {
            return List.of();
        }
        DecodingOptions o = options == null ? DecodingOptions.greedy() : options;
        int maxTokens = o.maxLength() == null ? config.maxLength() : o.maxLength();
        try (NDScope scope = new NDScope(); Autograd.Restore off = Autograd.noGrad()) {
            checkLatents(latents);
            NDArray codes = manager.create(LatentArrays.flat(latents), new Shape(latents.length, config.latentTokens(), config.latentDim()));
            List<int[]> ids = o.strategy() == DecodingStrategy.GUIDED
                    ? guided().decode(codes, maxTokens, o.beamWidthOrDefault(), judge, useCache)
                    : new SequenceDecoder(model, parameters, tokenizer).decode(codes, maxTokens, o, useCache);
            return ids.stream().map(tokenizer::decode).toList();
        }
    }

    /** Encodes a and b, mixes every latent token at each ratio (linear or slerp) and decodes all ratios as one batch. */
    public List<String> interpolate(String a, String b, double[] ratios, DecodingOptions options) {
        return interpolate(a, b, ratios, options, true);
    }

    public List<String> interpolate(String a, String b, double[] ratios, DecodingOptions options, boolean useCache) {
        DecodingOptions o = options == null ? DecodingOptions.greedy() : options;
        return decode(interpolationPoints(a, b, ratios, o.mixing()), o, useCache);
    }

    /** The latent points {@link #interpolate} decodes: a and b encoded, every latent token mixed at each ratio. */
    public float[][][] interpolationPoints(String a, String b, double[] ratios, Mixing mixing) {
        float[][][] ends = encode(List.of(a, b));
        float[][][] mixed = new float[ratios.length][][];
        for (int i = 0; i < ratios.length; i++) {
            mixed[i] = LatentMixing.mix(ends[0], ends[1], ratios[i], mixing);
        }
        return mixed;
    }

    /** @throws IllegalArgumentException naming the first point that is not latentTokens × latentDim for this model */
    public void checkLatents(float[][][] points) {
        for (int i = 0; i < points.length; i++) {
            float[][] point = points[i];
            int tokens = point == null ? 0 : point.length;
            int width = config.latentDim();
            for (int t = 0; t < tokens && width == config.latentDim(); t++) {
                width = point[t] == null ? 0 : point[t].length;
            }
            if (tokens != config.latentTokens() || width != config.latentDim()) {
                throw new IllegalArgumentException("latent point must be " + config.latentTokens() + " × "
                        + config.latentDim() + ", was " + tokens + " × " + width + " (point " + i + ")");
            }
        }
    }

    /** Built on first use: it spells out every token of the vocabulary once. */
    private synchronized GuidedDecoder guided() {
        if (guidedDecoder == null) {
            guidedDecoder = new GuidedDecoder(model, parameters, tokenizer);
        }
        return guidedDecoder;
    }

    @Override
    public void close() {
        manager.close();
        tokenizer.close();
    }
}
