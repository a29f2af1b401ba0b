package tvae.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How two latent points are mixed at a ratio: a straight line, or spherically (slerp, the seed's choice). */
public enum Mixing {
    LINEAR, SLERP;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static Mixing fromWire(String name) {
        return WireNames.parse(Mixing.class, name, "options.mixing");
    }
}
