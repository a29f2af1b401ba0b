package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.data.PythonLinesFixture;
import tvae.data.Split;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * The pruning rule of guided decoding, against CPython itself: it must never condemn a beginning of a valid line (that
 * would cost guided decoding lines it could have found), and it must condemn the plainly broken ones it is for.
 */
class DeadPrefixesTest {
    private static PythonSyntaxChecker cpython;

    @BeforeAll
    static void start() throws IOException {
        cpython = PythonSyntaxChecker.start();
    }

    @AfterAll
    static void stop() {
        cpython.close();
    }

    @Test
    void noBeginningOfAValidLineIsDead() {
        List<String> lines = new ArrayList<>(List.of("x = 1 if y else 2", "_bd = bd if bd != 0 else 9988",
                "any(arg for arg in args if arg.startswith('-i'))", "kwargs = {'dry_run': dry_run, 'force': force}",
                "f(ddir=ddir, force=force)", "x = lambda a, *b, **c: a", "y = [i ** 2 for i in range(10) if i % 2]",
                "return not x is None", "assert a != b, 'different'", "z = f'{a!r:>10}' + b\"\\x00\"", "x @= y",
                "from . import case", "raise ValueError('bad') from None", "async def f(): await g()"));
        List<String> corpus = PythonLinesFixture.standardLibrary().corpus().texts(Split.VALID);
        lines.addAll(corpus.subList(0, Math.min(1500, corpus.size())));
        List<String> prefixes = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (String line : lines) {
            for (int end = 1; end <= line.length(); end++) {
                String prefix = line.substring(0, end);
                PythonLineState state = PythonLineState.START.after(prefix);
                if (state != null) {
                    prefixes.add(prefix);
                    closed.add(prefix + state.closingText());
                }
            }
        }
        List<Verdict> verdicts = cpython.checkAll(closed);
        List<String> condemned = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            if (DeadPrefixes.isDead(prefixes.get(i), verdicts.get(i))) {
                condemned.add(prefixes.get(i) + "  (" + verdicts.get(i) + ")");
            }
        }
        System.out.println(prefixes.size() + " beginnings of " + lines.size() + " valid lines judged");
        assertTrue(prefixes.size() > 10 * lines.size(), "the lines were cut: " + prefixes.size());
        assertEquals(List.of(), condemned, "beginnings of valid lines called dead");
    }

    @Test
    void plainlyBrokenBeginningsAreDead() {
        List<String> broken = List.of("x = = 1", "import = 3", "if x:: y", "return return x", "a b c",
                "self.assertEqual(x, y) z =", "x = 42ing(", "self.assertEqual(res[:len(s)-1mp_ t", "return (0xz8 + 1",
                " x = 1", "  self.run(", "self.assertRaises(OverflowError, eval,verflow namespace", "f(a x");
        for (String prefix : broken) {
            PythonLineState state = PythonLineState.START.after(prefix);
            String closed = prefix + (state == null ? "" : state.closingText());
            assertTrue(DeadPrefixes.isDead(prefix, cpython.check(closed)), prefix + ": " + cpython.check(closed));
        }
    }

    @Test
    void theLastTokenMayStillGrow() {
        assertFalse(DeadPrefixes.isDead("x = 1 i", cpython.check("x = 1 i")), "i may become if");
        assertFalse(DeadPrefixes.isDead("x = 1 !", cpython.check("x = 1 !")), "! may become !=");
        assertFalse(DeadPrefixes.isDead("x = 1i", cpython.check("x = 1i")), "1i may become 1if, a valid if-expression");
        for (String joinable : List.of("args.extend(repr(x) fo", "f(a i", "x = ('a' u", "x = (b'a' rb", "y = [a no")) {
            String closed = joinable + PythonLineState.START.after(joinable).closingText();
            assertFalse(DeadPrefixes.isDead(joinable, cpython.check(closed)), joinable + " may still join: " + cpython.check(closed));
        }
        assertEquals(6, DeadPrefixes.lastTokenStart("x = 1 if"));
        assertEquals(6, DeadPrefixes.lastTokenStart("x = 1 !="));
        assertEquals(5, DeadPrefixes.lastTokenStart("f(a, "), "after a comma nothing grows");
        assertEquals(0, DeadPrefixes.lastTokenStart(""));
    }
}
