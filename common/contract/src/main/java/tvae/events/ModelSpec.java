package tvae.events;

import java.util.List;
import java.util.Map;

/** A model preset name ({@code tiny}, {@code compact}, {@code small}, {@code base}) plus field overrides of its config. */
public record ModelSpec(String preset, Map<String, Object> overrides) {
    /** The named configurations every model build offers (TransformerVaeConfig has one of each). */
    public static final List<String> PRESETS = List.of("tiny", "compact", "small", "base");

    public ModelSpec {
        Require.text(preset, "model.preset");
        if (!PRESETS.contains(preset)) {
            throw new InvalidEventException("unknown model preset '" + preset + "', expected one of " + String.join(", ", PRESETS));
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (overrides.size() > 32) {
            throw new InvalidEventException("field 'model.overrides' holds at most 32 fields, was " + overrides.size());
        }
    }

    public static ModelSpec preset(String preset) {
        return new ModelSpec(preset, Map.of());
    }
}
