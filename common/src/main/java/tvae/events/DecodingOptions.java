package tvae.events;

/**
 * How latent points are mixed and decoded; nulls mean greedy, linear mixing, the model's max length. {@code guided} is
 * syntax-guided decoding of Python lines: beam search of {@code beamWidth} (default {@value #DEFAULT_BEAM_WIDTH})
 * under a bracket-and-string constraint, the most likely candidate CPython accepts winning.
 */
public record DecodingOptions(String strategy, String mixing, Integer maxLength, Double temperature, Long seed,
                              Integer beamWidth) {
    public static final int DEFAULT_BEAM_WIDTH = 4;
    public static final int MAX_BEAM_WIDTH = 16;

    public DecodingOptions {
        strategy = strategy == null ? "greedy" : strategy;
        mixing = mixing == null ? "linear" : mixing;
        if (!strategy.equals("greedy") && !strategy.equals("sampling") && !strategy.equals("guided")) {
            throw new InvalidEventException("field 'options.strategy' must be 'greedy', 'sampling' or 'guided', was '"
                    + strategy + "'");
        }
        if (beamWidth != null) {
            Require.within(beamWidth, 1, MAX_BEAM_WIDTH, "options.beamWidth");
        }
        if (!mixing.equals("linear") && !mixing.equals("slerp")) {
            throw new InvalidEventException("field 'options.mixing' must be 'linear' or 'slerp', was '" + mixing + "'");
        }
        if (maxLength != null) {
            Require.positive(maxLength, "options.maxLength");
        }
        if (temperature != null) {
            Require.within(temperature, 1e-3, 100, "options.temperature");
        }
    }

    public DecodingOptions(String strategy, String mixing, Integer maxLength, Double temperature, Long seed) {
        this(strategy, mixing, maxLength, temperature, seed, null);
    }

    public static DecodingOptions greedy() {
        return new DecodingOptions(null, null, null, null, null, null);
    }

    /** Syntax-guided decoding with the default beam width and the given mixing. */
    public static DecodingOptions guided(String mixing) {
        return new DecodingOptions("guided", mixing, null, null, null, null);
    }

    public int beamWidthOrDefault() {
        return beamWidth == null ? DEFAULT_BEAM_WIDTH : beamWidth;
    }
}
