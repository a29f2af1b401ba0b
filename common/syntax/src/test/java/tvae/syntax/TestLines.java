package tvae.syntax;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** Deterministic test lines: raw lines of the local standard library, their mutations, and nesting at the limits. */
final class TestLines {
    private static final String BRACKETS = "()[]{}";
    private static final List<String> KEYWORDS = List.of("if", "else", "return", "lambda", "for", "in", "not", "yield",
            "import", "from", "def", "class", "pass", "await", "async", "global", "del", "with", "as", "is");

    private TestLines() {
    }

    /**
     * About {@code count} distinct stripped lines of the standard library, every file in path order and every n-th
     * line, unfiltered: continuation lines, {@code else:}, decorators and docstring fragments give plenty of invalid
     * ones.
     */
    static List<String> standardLibrary(int count) throws IOException {
        Path root = PythonStandardLibrary.locate();
        Set<String> all = new LinkedHashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".py") && !p.toString().contains("site-packages"))
                    .sorted().toList();
        }
        for (Path file : files) {
            String text = utf8(file);
            if (text != null) {
                text.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(all::add);
            }
        }
        List<String> lines = new ArrayList<>(all);
        int stride = Math.max(1, lines.size() / count);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < lines.size() && picked.size() < count; i += stride) {
            picked.add(lines.get(i));
        }
        return picked;
    }

    /** {@link #standardLibrary} lines followed by one mutation of each. */
    static List<String> standardLibraryAndMutants(int count, long seed) throws IOException {
        List<String> lines = new ArrayList<>(standardLibrary(count));
        lines.addAll(mutated(lines, seed));
        return lines;
    }

    /** One deterministic mutation of each line: a bracket, quote, colon or keyword dropped or added, or a swap. */
    static List<String> mutated(List<String> lines, long seed) {
        Random random = new Random(seed);
        List<String> mutants = new ArrayList<>(lines.size());
        for (String line : lines) {
            mutants.add(mutate(line, random));
        }
        return mutants;
    }

    /** Lines around CPython 3.11's nesting limits: tokenizer (200 brackets), parser stack, AST recursion depth. */
    static List<String> nestingAtTheLimits() {
        List<String> lines = new ArrayList<>();
        for (int depth = 198; depth <= 201; depth++) {
            lines.add("(".repeat(depth) + "1" + ")".repeat(depth));
        }
        // The AST depth limit of a fresh interpreter's module-level call is near 2988 binary operators (3.11).
        for (int depth = 2980; depth <= 3000; depth++) {
            lines.add("1+".repeat(depth) + "1");
            lines.add("a" + ".b".repeat(depth));
        }
        for (int depth : new int[] {100, 1000, 1400, 1600, 3000, 6000, 99_000}) {
            lines.add("-".repeat(depth) + "1");
        }
        lines.add("not ".repeat(20_000) + "x");
        lines.add("f" + "()".repeat(40_000));
        return lines;
    }

    private static String mutate(String line, Random random) {
        int at = random.nextInt(line.length() + 1);
        return switch (random.nextInt(9)) {
            case 0 -> dropFirstOf(line, BRACKETS, random);
            case 1 -> insert(line, at, String.valueOf(BRACKETS.charAt(random.nextInt(BRACKETS.length()))));
            case 2 -> dropFirstOf(line, "'\"", random);
            case 3 -> insert(line, at, random.nextBoolean() ? "'" : "\"");
            case 4 -> line.endsWith(":") ? line.substring(0, line.length() - 1) : line + ":";
            case 5 -> insert(line, wordBoundary(line, at), " " + KEYWORDS.get(random.nextInt(KEYWORDS.size())) + " ");
            case 6 -> dropFirstOf(line, ":=,.", random);
            case 7 -> line.length() < 2 ? line + "(" : swap(line, random.nextInt(line.length() - 1));
            default -> line.length() < 2 ? line + "\\" : line.substring(0, line.length() - 1);
        };
    }

    /** Removes one randomly chosen occurrence of any of {@code chars}, or appends the first of them when none occurs. */
    private static String dropFirstOf(String line, String chars, Random random) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (chars.indexOf(line.charAt(i)) >= 0) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return line + chars.charAt(0);
        }
        int at = positions.get(random.nextInt(positions.size()));
        return line.substring(0, at) + line.substring(at + 1);
    }

    private static int wordBoundary(String line, int at) {
        while (at < line.length() && Character.isLetterOrDigit(line.charAt(at))) {
            at++;
        }
        return at;
    }

    private static String insert(String line, int at, String text) {
        return line.substring(0, at) + text + line.substring(at);
    }

    private static String swap(String line, int at) {
        char[] chars = line.toCharArray();
        char first = chars[at];
        chars[at] = chars[at + 1];
        chars[at + 1] = first;
        return new String(chars);
    }

    private static String utf8(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return null; // a few test files of the standard library are in other encodings
        }
    }
}
