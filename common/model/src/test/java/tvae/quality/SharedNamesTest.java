package tvae.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedNamesTest {
    @Test
    void namesAreTheIdentifiersThatAreNotKeywords() {
        assertEquals(List.of("self", "bufstate"), List.copyOf(SharedNames.of("self.bufstate = 1")));
        assertEquals(Set.of("x", "isinstance", "str"), SharedNames.of("return x if isinstance(x, str) else None"));
        assertEquals(Set.of(), SharedNames.of("return 1"));
    }

    @Test
    void theKeptShareCountsTheSourcesNamesFoundInTheOther() {
        // the session-12 example: an Assign moved towards Return, decoded guided
        assertEquals(1.0, SharedNames.keptShare("self.buf = 1", "return self.buf"));
        assertEquals(0.5, SharedNames.keptShare("self.bufstate = 1", "return self.buf"));
        // a valid Assign that kept nothing of its input's names
        assertEquals(0.0, SharedNames.keptShare("return f\"Y=X at {x}\"", "KeyError = 2"));
        assertEquals(1.0, SharedNames.keptShare("return 1", "pass"), "a line without names loses none");
    }
}
