package tvae.deploy.bench;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tvae.data.PythonLinesCorpus;
import tvae.data.PythonLogicalLines;
import tvae.syntax.PythonStandardLibrary;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;
import tvae.syntax.Verdict;

/**
 * Lines per second of {@link PythonSyntaxChecker} on the corpus's own workload (the standard library's single-line
 * statements), for pool sizes 1 and 2, batched and one line per call; then a full corpus build with CPython as judge.
 * Results go to docs/benchmarks.md. Arguments: [lines for the batched runs] [lines for the single-line runs].
 */
public final class SyntaxCheckerBenchmark {
    private SyntaxCheckerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batchedLines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int singleLines = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<String> lines = standardLibraryStatements(batchedLines);
        System.out.printf("%d distinct single-line statements of the standard library, %d CPU cores%n", lines.size(),
                Runtime.getRuntime().availableProcessors());
        for (int workers : new int[] {1, 2}) {
            try (PythonSyntaxChecker checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withWorkers(workers))) {
                checker.checkAll(lines.subList(0, Math.min(lines.size(), 20_000))); // warm-up: JIT, worker page cache
                long start = System.nanoTime();
                List<Verdict> verdicts = checker.checkAll(lines);
                report(checker, workers, "checkAll, 256 lines a request", lines.size(), start, verdicts);

                List<String> some = lines.subList(0, Math.min(lines.size(), singleLines));
                start = System.nanoTime();
                List<Verdict> one = new ArrayList<>(some.size());
                for (String line : some) {
                    one.add(checker.check(line));
                }
                report(checker, workers, "check, one line a call", some.size(), start, one);
            }
        }
        Path cache = Files.createTempDirectory("syntax-benchmark-cache");
        long start = System.nanoTime();
        PythonLinesCorpus.Built built = PythonLinesCorpus.fromTree(PythonStandardLibrary.locate())
                .cacheDir(cache).build();
        System.out.printf("corpus build with CPython as judge (default pool): %.1f s, %s%n",
                (System.nanoTime() - start) / 1e9, built.stats());
    }

    private static void report(PythonSyntaxChecker checker, int workers, String mode, int count, long start,
                               List<Verdict> verdicts) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long valid = verdicts.stream().filter(Verdict::isValid).count();
        System.out.printf("%s, %d worker(s), %s: %d lines in %.2f s = %,.0f lines/s (%d valid)%n",
                checker.interpreter(), workers, mode, count, seconds, count / seconds, valid);
    }

    private static List<String> standardLibraryStatements(int limit) throws IOException {
        Set<String> statements = new LinkedHashSet<>();
        try (Stream<Path> walk = Files.walk(PythonStandardLibrary.locate())) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                try {
                    statements.addAll(PythonLogicalLines.singleLineStatements(Files.readString(file), true));
                } catch (MalformedInputException e) {
                    // a few test files of the standard library are not UTF-8; the corpus skips them too
                }
                if (statements.size() >= limit) {
                    break;
                }
            }
        }
        return new ArrayList<>(statements).subList(0, Math.min(limit, statements.size()));
    }
}
