package tvae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import tvae.syntax.PythonStandardLibrary;

/** The real python-lines corpus of this machine's standard library, built once per test JVM and cached on disk. */
public final class PythonLinesFixture {
    private static PythonLinesCorpus.Built built;

    private PythonLinesFixture() {
    }

    public static synchronized PythonLinesCorpus.Built standardLibrary() {
        if (built == null) {
            try {
                long start = System.nanoTime();
                built = PythonLinesCorpus.fromTree(PythonStandardLibrary.locate())
                        .cacheDir(cacheDir())
                        .build();
                System.out.printf("python-lines corpus: %s, %s (%s, %.1f s)%n", built.stats(), built.corpus().sizes(),
                        built.fromCache() ? "from cache" : "harvested", (System.nanoTime() - start) / 1e9);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }

    /** Shared by test runs so only the first one harvests; override with -Dtvae.data.cache=DIR. */
    public static Path cacheDir() {
        return Path.of(System.getProperty("tvae.data.cache", System.getProperty("java.io.tmpdir") + "/tvae-data-cache"));
    }
}
