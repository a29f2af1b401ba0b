package tvae.events;

/**
 * How latent points are mixed and decoded; nulls mean greedy, linear mixing, the model's max length. {@code guided} is
 * syntax-guided decoding of Python lines: beam search of {@code beamWidth} (default {@value #DEFAULT_BEAM_WIDTH})
 * under a bracket-and-string constraint, the most likely candidate CPython accepts winning.
 */
public record DecodingOptions(DecodingStrategy strategy, Mixing mixing, Integer maxLength, Double temperature, Long seed,
                              Integer beamWidth) {
    public static final int DEFAULT_BEAM_WIDTH = 4;
    public static final int MAX_BEAM_WIDTH = 16;

    public DecodingOptions {
        strategy = strategy == null ? DecodingStrategy.GREEDY : strategy;
        mixing = mixing == null ? Mixing.LINEAR : mixing;
        if (beamWidth != null) {
            Require.within(beamWidth, 1, MAX_BEAM_WIDTH, "options.beamWidth");
        }
        if (maxLength != null) {
            Require.positive(maxLength, "options.maxLength");
        }
        if (temperature != null) {
            Require.within(temperature, 1e-3, 100, "options.temperature");
        }
    }

    public DecodingOptions(DecodingStrategy strategy, Mixing mixing, Integer maxLength, Double temperature, Long seed) {
        this(strategy, mixing, maxLength, temperature, seed, null);
    }

    public static DecodingOptions greedy() {
        return new DecodingOptions(null, null, null, null, null, null);
    }

    /** Syntax-guided decoding with the default beam width and the given mixing. */
    public static DecodingOptions guided(Mixing mixing) {
        return new DecodingOptions(DecodingStrategy.GUIDED, mixing, null, null, null, null);
    }

    public int beamWidthOrDefault() {
        return beamWidth == null ? DEFAULT_BEAM_WIDTH : beamWidth;
    }
}
