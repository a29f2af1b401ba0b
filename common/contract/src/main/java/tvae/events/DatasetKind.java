package tvae.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The data a run trains on (design §6); {@code PATH} means a user-given file or directory. */
public enum DatasetKind {
    PYTHON_LINES("python-lines"), PROBE_TEXTS("probe-texts"), MNIST("mnist"), PATH("path");

    private final String wireName;

    DatasetKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static DatasetKind fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidEventException("unknown dataset '" + name + "', expected one of "
                        + Arrays.stream(values()).map(DatasetKind::wireName).collect(Collectors.joining(", "))));
    }
}
