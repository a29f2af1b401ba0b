package tvae.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the {@code python3} on the PATH keeps its standard library: the default corpus, and lines to test the judge. */
public final class PythonStandardLibrary {
    private PythonStandardLibrary() {
    }

    public static Path locate() throws IOException {
        Process process = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0 || out.isEmpty()) {
                throw new IOException("python3 could not name its standard library: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking python3 for its standard library", e);
        }
        return Path.of(out);
    }
}
