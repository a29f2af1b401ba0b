package tvae.events;

import java.util.Map;

/** A model preset name ({@code tiny}, {@code small}, {@code base}) plus field overrides of its config. */
public record ModelSpec(String preset, Map<String, Object> overrides) {
    public ModelSpec {
        Require.text(preset, "model.preset");
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static ModelSpec preset(String preset) {
        return new ModelSpec(preset, Map.of());
    }
}
