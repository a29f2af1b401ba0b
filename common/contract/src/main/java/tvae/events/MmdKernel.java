package tvae.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kernel MMD compares latent codes with: Gaussian ({@code rbf}, the seed's) or inverse multiquadric ({@code imq}). */
public enum MmdKernel {
    RBF, IMQ;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static MmdKernel fromWire(String name) {
        return WireNames.parse(MmdKernel.class, name, "hyperParameters.mmdKernel");
    }
}
