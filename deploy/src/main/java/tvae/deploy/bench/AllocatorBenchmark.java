package tvae.deploy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tvae.deploy.ManagedProcess;

/**
 * Training speed under glibc's default allocator settings against the project's ({@code deploy/glibc-tunables}, which
 * {@code ./tvae} exports as {@code GLIBC_TUNABLES}; docs/benchmarks.md) or other values: the same
 * {@link ModelBenchmark} training rows, each in a fresh JVM given the variable explicitly (glibc reads its tunables once,
 * at process start), one without it and one per value, and the ratio of their tokens/s to the defaults'.
 * <pre>./tvae bench allocator [--data python-lines,mnist] [--preset compact] [--steps 20] [--tunables VALUE[,VALUE...]]</pre>
 */
public final class AllocatorBenchmark {
    static final String TUNABLES = "GLIBC_TUNABLES";
    static final Path PROJECT_TUNABLES = Path.of("deploy", "glibc-tunables");

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
        List<String> candidates = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> datasets = List.of(args[++i].split(","));
                case "--preset" -> preset = args[++i];
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--tunables" -> candidates = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (candidates == null) {
            candidates = List.of(Files.readString(PROJECT_TUNABLES).strip());
        }
        System.out.printf(Locale.ROOT, "## Training throughput: glibc defaults vs %s=%s (preset %s, %d timed steps, fresh JVM each)%n",
                TUNABLES, String.join(" | ", candidates), preset, steps);
        System.out.println("| data | allocator | tokens/s (÷ defaults) | page faults/step |");
        System.out.println("|---|---|---|---|");
        for (String data : datasets) {
            Row defaults = train(data, preset, steps, null);
            System.out.printf(Locale.ROOT, "| %s | glibc defaults | %.0f | %s |%n", data, defaults.tokensPerSecond(), defaults.faultsPerStep());
            for (String tunables : candidates) {
                Row tuned = train(data, preset, steps, tunables);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f (%.2fx) | %s |%n", data, tunables, tuned.tokensPerSecond(),
                        tuned.tokensPerSecond() / defaults.tokensPerSecond(), tuned.faultsPerStep());
            }
        }
    }

    /** Runs ModelBenchmark's training rows in a child JVM on this one's class path; {@code tunables} null unsets them. */
    private static Row train(String data, String preset, int steps, String tunables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaBinary(),
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
