package tvae.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
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
        return find(type, name).orElseThrow(() -> new InvalidEventException("field '" + field + "' must be "
                + choices(type, ", ") + ", was '" + name + "'"));
    }

    /** The constant named {@code name}, if there is one. */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> of(c).equals(name)).findFirst();
    }

    /** Every constant's name, quoted, joined by {@code separator}: {@code 'rbf' or 'imq'}. */
    public static String choices(Class<? extends Enum<?>> type, String separator) {
        return Arrays.stream(type.getEnumConstants()).map(c -> "'" + of(c) + "'").collect(Collectors.joining(separator));
    }
}
