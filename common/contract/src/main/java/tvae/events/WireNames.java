package tvae.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants on the wire by their lower-case names ({@code GUIDED} is {@code "guided"}). */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant named {@code name}; else an {@link InvalidEventException} naming the field and the choices. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String field) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants).filter(c -> of(c).equals(name)).findFirst()
                .orElseThrow(() -> new InvalidEventException("field '" + field + "' must be "
                        + Arrays.stream(constants).map(c -> "'" + of(c) + "'").collect(Collectors.joining(", "))
                        + ", was '" + name + "'"));
    }
}
