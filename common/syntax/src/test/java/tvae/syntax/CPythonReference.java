package tvae.syntax;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The judgement the checker must reproduce, taken independently of it: a plain {@code python3 -c} that calls
 * {@code ast.parse} at module level on every line of a JSON file, with no worker, pool or protocol in between.
 */
final class CPythonReference {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String JUDGE = String.join("\n",
            "import ast, json, sys",
            "lines = json.load(open(sys.argv[1], encoding='ascii'))",
            "answers = []",
            "for line in lines:",
            "    try:",
            "        body = ast.parse(line).body",
            "        answers.append(type(body[0]).__name__ if body else '')",
            "    except SyntaxError as e:",
            "        answers.append([type(e).__name__, e.msg, e.lineno, e.offset])",
            "    except Exception as e:",
            "        answers.append([type(e).__name__, str(e), None, None])",
            "json.dump(answers, open(sys.argv[2], 'w'))");

    private CPythonReference() {
    }

    /**
     * Every line judged by one fresh {@code python3} process. Near the AST recursion limit a warm interpreter accepts
     * slightly deeper nesting than a fresh one (CPython 3.11 specialises hot code), so judge such lines with
     * {@link #judgeEachAlone}.
     */
    static List<Verdict> judge(List<String> lines) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cpython-reference");
        try {
            Path in = dir.resolve("lines.json");
            Path out = dir.resolve("verdicts.json");
            Path log = dir.resolve("stderr.txt");
            JSON.writeValue(in.toFile(), lines);
            Process python = new ProcessBuilder("python3", "-c", JUDGE, in.toString(), out.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
            if (python.waitFor() != 0) {
                throw new IOException("reference python3 failed: " + Files.readString(log));
            }
            List<Verdict> verdicts = new ArrayList<>(lines.size());
            for (JsonNode answer : JSON.readTree(out.toFile())) {
                verdicts.add(answer.isTextual() ? Verdict.valid(answer.asText()) : Verdict.invalid(answer.get(0).asText(),
                        answer.get(1).asText(), answer.get(2).asInt(0), answer.get(3).asInt(0)));
            }
            return verdicts;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** Each line judged by a process of its own, exactly {@code python3 -c 'import ast; ast.parse(line)'}. */
    static List<Verdict> judgeEachAlone(List<String> lines) throws IOException, InterruptedException {
        List<Verdict> verdicts = new ArrayList<>(lines.size());
        for (String line : lines) {
            verdicts.add(judge(List.of(line)).get(0));
        }
        return verdicts;
    }
}
