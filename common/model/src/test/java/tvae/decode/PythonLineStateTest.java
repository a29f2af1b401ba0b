package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PythonLineStateTest {
    @Test
    void closingABracketThatIsNotOpenOrNotItsKindIsRefused() {
        assertNull(PythonLineState.START.after("x = f(a))"));
        assertNull(PythonLineState.START.after("y = [1, 2)"));
        assertNull(PythonLineState.START.after("}"));
        assertNull(PythonLineState.START.after("x = (").after("]"), "the same across tokens");
    }

    @Test
    void bracketsInsideStringsAndCommentsDoNotCount() {
        assertTrue(PythonLineState.START.after("x = ')' + \"]\"").canEnd());
        assertTrue(PythonLineState.START.after("x = 1  # f(").canEnd());
        assertTrue(PythonLineState.START.after("s = 'it\\'s ('").canEnd(), "an escaped quote does not end the string");
        assertTrue(PythonLineState.START.after("d = \"\"\"a ' ) \"\"\"").canEnd(), "a triple-quoted string");
    }

    @Test
    void aLineEndsOnlyWithEveryBracketClosedAndOutsideAnyString() {
        PythonLineState open = PythonLineState.START.after("x = f([1, {2: (3");
        assertNotNull(open);
        assertEquals(4, open.openBrackets());
        assertFalse(open.canEnd());
        assertTrue(open.after(")}])").canEnd());
        assertEquals(")}])", open.closingText());
        assertEquals("'", PythonLineState.START.after("s = 'abc").closingText());
        assertFalse(PythonLineState.START.after("s = 'abc").canEnd());
        assertFalse(PythonLineState.START.after("x = 1 + \\").canEnd(), "a backslash continues the line");
    }
}
