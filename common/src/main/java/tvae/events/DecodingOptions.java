package tvae.events;

/** How latent points are mixed and decoded; nulls mean greedy, linear mixing, the model's max length. */
public record DecodingOptions(String strategy, String mixing, Integer maxLength, Double temperature, Long seed) {
    public DecodingOptions {
        strategy = strategy == null ? "greedy" : strategy;
        mixing = mixing == null ? "linear" : mixing;
        if (!strategy.equals("greedy") && !strategy.equals("sampling")) {
            throw new InvalidEventException("field 'options.strategy' must be 'greedy' or 'sampling', was '" + strategy + "'");
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

    public static DecodingOptions greedy() {
        return new DecodingOptions(null, null, null, null, null);
    }
}
