package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import tvae.tokenize.TokenBatch;

/**
 * The whole model as in design §2: shared token embedding → Funnel encoder → latent bottleneck (one code per pooled
 * token, or per learned query with attention pooling) → reconstructed encoding → T5 decoder cross-attending to it
 * (reading the previous tokens, or with parallel decoding learned positions) → tied output projection.
 * The MMD loss and the training plumbing live elsewhere ({@code tvae.train}: MmdLoss, VaeLoss). With the critic research
 * loss on, the model also holds the {@link InterpolationCritic} (trained with it, unused when serving).
 */
public final class TransformerVae extends ModelBlock {
    private final TransformerVaeConfig config;
    private final int vocabSize;
    private final TokenEmbedding embedding;
    private final FunnelEncoder encoder;
    private final LatentBottleneck bottleneck;
    private final LatentReconstruction reconstruction;
    private final T5Decoder decoder;
    private final DecoderPositions decoderPositions;
    private final InterpolationCritic critic;

    public TransformerVae(TransformerVaeConfig config, int vocabSize) {
        this.config = config;
        this.vocabSize = vocabSize;
        embedding = addChildBlock("embedding", new TokenEmbedding(vocabSize, config.dModel()));
        encoder = addChildBlock("encoder", new FunnelEncoder(config));
        bottleneck = addChildBlock("bottleneck", new LatentBottleneck(config));
        reconstruction = addChildBlock("reconstruction", new LatentReconstruction(config));
        decoder = addChildBlock("decoder", new T5Decoder(config));
        decoderPositions = config.parallelDecoding() ? addChildBlock("decoderPositions", new DecoderPositions(config)) : null;
        critic = config.interpolationCritic() ? addChildBlock("critic", new InterpolationCritic(config)) : null;
    }

    /** Creates every parameter in {@code manager} (random init from the engine's seed). */
    public TransformerVae initialized(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.maxLength()));
        return this;
    }

    public TransformerVaeConfig config() {
        return config;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public T5Decoder decoder() {
        return decoder;
    }

    /** The interpolation critic; only when {@link TransformerVaeConfig#interpolationCritic()}. */
    public InterpolationCritic critic() {
        if (critic == null) {
            throw new IllegalStateException("this model has no interpolation critic (its config's interpolationCritic is false)");
        }
        return critic;
    }

    /** What one teacher-forced pass gives: the latent codes (B, L, d_latent) and the logits (B, T, V). */
    public record Forward(NDArray latents, NDArray logits) {
    }

    /**
     * The whole model as training runs it: encoder ids -> embeddings -> Funnel encoder -> latent codes -> (plus
     * {@code latentNoise}, training only) -> memory -> T5 decoder over the decoder inputs -> logits.
     *
     * @param latentNoise added to the codes the decoder reads, (B, L, d_latent); null for none (the MMD sees clean codes)
     */
    public Forward forward(ParameterStore ps, TokenBatch batch, NDArray latentNoise) {
        NDArray latents = encode(ps, batch.encoderIds(), batch.keep());                      // (B, L, d_latent)
        return new Forward(latents, decodeLogits(ps, noisy(latents, latentNoise), batch.decoderInputs()));   // (B, T, V)
    }

    /** The codes the decoder reads in training: {@code latents + latentNoise} in the codes' precision (null: none). */
    public static NDArray noisy(NDArray latents, NDArray latentNoise) {
        return latentNoise == null ? latents : latents.add(latentNoise.toType(latents.getDataType(), false));
    }

    /** ids (B, T) -> (B, T, D) */
    public NDArray embed(ParameterStore ps, NDArray ids) {
        return embedding.embed(ps, ids);
    }

    /**
     * Token distributions (B, T, V) -> their expected embeddings (B, T, D): what {@link #embed} gives for one-hot
     * rows, and differentiable, so a decoding can be re-encoded inside the graph (the cycle loss).
     */
    public NDArray softEmbed(ParameterStore ps, NDArray distributions) {
        return embedding.softEmbed(ps, distributions);
    }

    /** encoder ids (B, T), keep (B, T) -> latent codes (B, L, d_latent) */
    public NDArray encode(ParameterStore ps, NDArray ids, NDArray keep) {
        return encodeEmbedded(ps, embed(ps, ids), keep);
    }

    /** embedded encoder inputs (B, T, D), keep (B, T) -> latent codes (B, L, d_latent) */
    public NDArray encodeEmbedded(ParameterStore ps, NDArray embedded, NDArray keep) {
        return bottleneck.forward(ps, encoder.forward(ps, embedded, keep));
    }

    /** latent codes (B, L, d_latent) -> memory the decoder attends to (B, L, D) */
    public NDArray memory(ParameterStore ps, NDArray latents) {
        return reconstruction.forward(ps, latents);
    }

    /** decoder hidden (B, T, D) -> logits (B, T, V) */
    public NDArray logits(ParameterStore ps, NDArray hidden) {
        return embedding.logits(ps, hidden);
    }

    /** Teacher-forced logits of the decoder inputs given latent codes: (B, T) ids -> (B, T, V) */
    public NDArray decodeLogits(ParameterStore ps, NDArray latents, NDArray decoderInputs) {
        return logits(ps, decodeHidden(ps, latents, decoderInputs));
    }

    /** Teacher-forced last hidden states of the decoder given latent codes: (B, T) ids -> (B, T, D) */
    public NDArray decodeHidden(ParameterStore ps, NDArray latents, NDArray decoderInputs) {
        return decoder.forward(ps, decoderEmbedded(ps, decoderInputs), memory(ps, latents));
    }

    /**
     * What the decoder reads for decoder inputs (B, T): their token embeddings, or with parallel decoding the
     * position embeddings of T positions, whatever the ids (only their shape counts) -> (B, T, D)
     */
    public NDArray decoderEmbedded(ParameterStore ps, NDArray decoderInputs) {
        if (decoderPositions == null) {
            return embed(ps, decoderInputs);
        }
        Shape shape = decoderInputs.getShape();
        return decoderPositions.inputs(ps, decoderInputs, shape.get(0), shape.get(1));
    }

    /** Logits of the next position only, extending the KV cache: ids (B, 1) -> (B, 1, V) */
    public NDArray stepLogits(ParameterStore ps, NDArray lastIds, DecoderCache cache, NDArray memory) {
        if (config.parallelDecoding()) {           // it has no next token to step to
            throw new IllegalStateException("this model decodes every position at once (model field decoding = "
                    + TransformerVaeConfig.DECODE_PARALLEL + "), not token by token");
        }
        return logits(ps, decoder.step(ps, embed(ps, lastIds), cache, memory));
    }

    /** An empty KV cache for {@link #stepLogits}. */
    public DecoderCache newCache() {
        return new DecoderCache();
    }
}
