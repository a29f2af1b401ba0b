package tvae.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a latent point becomes tokens: {@code GREEDY} takes the most likely token each step, {@code SAMPLING} draws at a
 * temperature, {@code GUIDED} searches a beam under a bracket-and-string constraint and lets CPython prune it and pick.
 */
public enum DecodingStrategy {
    GREEDY, SAMPLING, GUIDED;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static DecodingStrategy fromWire(String name) {
        return WireNames.parse(DecodingStrategy.class, name, "options.strategy");
    }
}
