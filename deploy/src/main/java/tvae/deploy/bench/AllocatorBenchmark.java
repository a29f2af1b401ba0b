package tvae.deploy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training speed under glibc's default allocator settings against the project's ({@code GLIBC_TUNABLES}, set by
 * {@code ./tvae}; docs/benchmarks.md): the same {@link ModelBenchmark} training rows, each in a fresh JVM (glibc reads
 * its tunables once, at process start), one without the variable and one with it, and the ratio of their tokens/s.
 * <pre>./tvae bench allocator [--data python-lines,mnist] [--preset compact] [--steps 20]</pre>
 */
public final class AllocatorBenchmark {
    static final String TUNABLES = "GLIBC_TUNABLES";

    private AllocatorBenchmark() {
    }

    /** One ModelBenchmark training row: what the comparison reads from it. */
    record Row(double tokensPerSecond, String faultsPerStep) {
        /** Parses {@code | preset | recomputation | precision | batch | steps | tokens/s | ms/step | peak MB | faults/step |}. */
        static Row parse(String line) {
            String[] cells = line.split("\\|");
            return new Row(Double.parseDouble(cells[6].trim()), cells[9].trim());
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> datasets = List.of("python-lines", "mnist");
        String preset = "compact";
        int steps = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> datasets = List.of(args[++i].split(","));
                case "--preset" -> preset = args[++i];
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String tunables = System.getenv(TUNABLES);
        if (tunables == null || tunables.isBlank()) {
            throw new IllegalStateException(TUNABLES + " is not set: run this through ./tvae bench allocator, which sets the project's value");
        }
        System.out.printf(Locale.ROOT, "## Training throughput: glibc defaults vs %s=%s (preset %s, %d timed steps, fresh JVM each)%n",
                TUNABLES, tunables, preset, steps);
        System.out.println("| data | allocator | tokens/s | page faults/step |");
        System.out.println("|---|---|---|---|");
        for (String data : datasets) {
            Row defaults = train(data, preset, steps, null);
            System.out.printf(Locale.ROOT, "| %s | glibc defaults | %.0f | %s |%n", data, defaults.tokensPerSecond(), defaults.faultsPerStep());
            Row tuned = train(data, preset, steps, tunables);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %s |%n", data, tunables, tuned.tokensPerSecond(), tuned.faultsPerStep());
            System.out.printf(Locale.ROOT, "%s: tuned / defaults = %.2fx tokens/s%n", data, tuned.tokensPerSecond() / defaults.tokensPerSecond());
        }
    }

    /** Runs ModelBenchmark's training rows in a child JVM on this one's class path; {@code tunables} null unsets them. */
    private static Row train(String data, String preset, int steps, String tunables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), ModelBenchmark.class.getName(),
                "--presets", preset, "--recomputation", "off", "--training-only", "--data", data, "--steps", String.valueOf(steps)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (tunables == null) {
            builder.environment().remove(TUNABLES);
        } else {
            builder.environment().put(TUNABLES, tunables);
        }
        Process process = builder.start();
        Row row = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("| " + preset + " |")) {
                    row = Row.parse(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || row == null) {
            throw new IllegalStateException("ModelBenchmark on " + data + " exited " + exit + " without a training row:\n"
                    + String.join("\n", output));
        }
        return row;
    }
}
