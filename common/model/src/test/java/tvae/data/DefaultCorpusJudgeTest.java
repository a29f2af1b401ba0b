package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus built without a judge of its own keeps exactly the lines CPython parses, and names CPython in its key. */
class DefaultCorpusJudgeTest {
    @Test
    void corpusWithoutAJudgeKeepsOnlyWhatCPythonParses(@TempDir Path dir) throws Exception {
        List<String> valid = List.of("return x", "x = f(1, 2)", "import os", "yield from g()", "del a[0]");
        List<String> invalid = List.of("x = (1, 2", "else:", "def f(x):", "print 'hello'", "x ==== 1");
        List<String> lines = new ArrayList<>(valid);
        lines.addAll(invalid);
        Path file = Files.write(dir.resolve("lines.txt"), lines);

        PythonLinesCorpus.Built built = PythonLinesCorpus.fromLinesFile(file).cacheDir(dir.resolve("cache")).build();

        assertEquals(invalid.size(), built.stats().syntaxRejected());
        assertEquals(valid.size(), built.stats().kept());
        List<String> kept = new ArrayList<>();
        for (Split split : Split.values()) {
            kept.addAll(built.corpus().texts(split));
        }
        assertEquals(Set.copyOf(valid), Set.copyOf(kept));
        assertFalse(built.fromCache());

        PythonLinesCorpus.Built again = PythonLinesCorpus.fromLinesFile(file).cacheDir(dir.resolve("cache")).build();
        assertTrue(again.fromCache());
        assertEquals(built.stats(), again.stats());
    }
}
