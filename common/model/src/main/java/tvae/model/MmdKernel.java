package tvae.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tvae.events.WireNames;

/** The kernel MMD compares latent codes with: Gaussian ({@code rbf}, the seed's) or inverse multiquadric ({@code imq}). */
public enum MmdKernel {
    RBF, IMQ;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** A model field, so a bad name is an {@link IllegalArgumentException} in the config's words. */
    @JsonCreator
    public static MmdKernel fromWire(String name) {
        return WireNames.find(MmdKernel.class, name).orElseThrow(() -> new IllegalArgumentException(
                "model field 'mmdKernel' must be " + choices() + ", was '" + name + "'"));
    }

    static String choices() {
        return WireNames.choices(MmdKernel.class, " or ");
    }
}
