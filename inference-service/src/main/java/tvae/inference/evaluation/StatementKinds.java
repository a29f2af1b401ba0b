package tvae.inference.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The statement kind CPython's ast gives each line (e.g. "Assign"), or null when it does not parse; one python3 call. */
final class StatementKinds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = String.join("\n",
            "import ast, json, sys",
            "for raw in sys.stdin:",
            "    try:",
            "        body = ast.parse(json.loads(raw)).body",
            "        print(json.dumps(type(body[0]).__name__ if body else None))",
            "    except (SyntaxError, ValueError, RecursionError, MemoryError):",
            "        print('null')");

    private StatementKinds() {
    }

    static List<String> of(List<String> lines) throws IOException {
        Process python = new ProcessBuilder("python3", "-c", SCRIPT).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            try (OutputStream in = python.getOutputStream()) {
                for (String line : lines) {
                    in.write(JSON.writeValueAsBytes(line));
                    in.write('\n');
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> kinds = new ArrayList<>();
        for (String answer : new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!answer.isEmpty()) {
                kinds.add(JSON.readValue(answer, String.class));
            }
        }
        feeding.join();
        try {
            python.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while labelling statements", e);
        }
        if (kinds.size() != lines.size()) {
            throw new IOException("python3 labelled " + kinds.size() + " of " + lines.size() + " lines");
        }
        return kinds;
    }
}
