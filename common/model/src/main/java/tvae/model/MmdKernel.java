package tvae.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kernel MMD compares latent codes with: Gaussian ({@code rbf}, the seed's) or inverse multiquadric ({@code imq}). */
public enum MmdKernel {
    RBF, IMQ;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MmdKernel fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model field 'mmdKernel' must be "
                        + Arrays.stream(values()).map(k -> "'" + k.wireName() + "'").collect(Collectors.joining(" or "))
                        + ", was '" + name + "'"));
    }
}
