package tvae.deploy.bench;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.DecodeBatcher;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;
import tvae.model.TransformerVaeConfig;
import tvae.train.PeakMemory;
import tvae.train.SequenceFit;
import tvae.train.StepMetrics;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;

/**
 * The model's speed and memory, measured in one process (docs/benchmarks.md): training tokens/s and peak memory per
 * preset (with and without recomputation), interpolation latency with and without the KV cache, and interpolation
 * latency of concurrent requests decoded one by one versus batched by {@link DecodeBatcher}.
 * Peak memory is the process's peak since the configuration started (CPU: VmHWM, reset between configurations), so it
 * includes what the allocator kept from earlier ones: for a configuration's own peak run it alone
 * ({@code --presets small --recomputation on --training-only}).
 * <pre>java -cp ... tvae.deploy.bench.ModelBenchmark [--device auto|cpu|gpu] [--presets tiny,small] [--recomputation on|off|both]
 *      [--batch N] [--mixed-precision] [--training-only] [--clients 8] [--data python-lines|mnist] [--steps N]</pre>
 * {@code --batch} replaces the presets' batch sizes (activations grow with it, which is what recomputation saves);
 * {@code --mixed-precision} trains with fp16 forward passes (for GPUs); {@code --data} picks the training items (the
 * digits' 212-token sequences stress the allocator most, see {@link AllocatorBenchmark}); {@code --steps} replaces the
 * timed steps per configuration (40 for tiny, 12 otherwise). The page faults column is the process's minor page faults
 * per timed step (Linux), each one a fresh page the kernel had to hand out and zero.
 */
public final class ModelBenchmark {
    private static final double[] RATIOS = InterpolationRequested.defaultRatios();
    /** The decoding benchmarks decode exactly this many tokens per point (an untrained model never stops early). */
    private static final int DECODE_TOKENS = 64;

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String deviceName = "auto";
        List<String> presets = List.of("tiny", "small");
        int clients = 8;
        List<Boolean> recomputation = List.of(false, true);
        boolean decoding = true;
        Integer batch = null;
        boolean mixedPrecision = false;
        DatasetKind dataKind = DatasetKind.PYTHON_LINES;
        Integer timedSteps = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> deviceName = args[++i];
                case "--presets" -> presets = Arrays.asList(args[++i].split(","));
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--recomputation" -> recomputation = switch (args[++i]) {
                    case "on" -> List.of(true);
                    case "off" -> List.of(false);
                    default -> List.of(false, true);
                };
                case "--training-only" -> decoding = false;
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--mixed-precision" -> mixedPrecision = true;
                case "--data" -> dataKind = DatasetKind.fromWire(args[++i]);
                case "--steps" -> timedSteps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Device device = DeviceChoice.resolve(deviceName);
        System.out.printf(Locale.ROOT, "device %s, %d CPU cores, JVM %s%n", device, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        PreparedDataset data = Datasets.prepare(new DatasetSpec(dataKind, null, 8192), Path.of("run/data-cache"));
        List<String> train = data.corpus().texts(Split.TRAIN);

        System.out.printf("%n## Training throughput (%s, %s)%n", dataKind.wireName(), batch == null ? "preset batch size" : "batch " + batch);
        System.out.println("| preset | recomputation | precision | batch | steps timed | tokens/s | ms/step | peak memory MB | page faults/step |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String preset : presets) {
            for (boolean recompute : recomputation) {
                TrainingOptions options = TrainingOptions.preset(preset).withRecomputation(recompute)
                        .withMixedPrecision(mixedPrecision);
                int timed = timedSteps != null ? timedSteps : "tiny".equals(preset) ? 40 : 12;
                training(preset, batch == null ? options : options.withBatchSize(batch), timed, data, train, device);
            }
        }
        if (!decoding) {
            return;
        }

        TransformerVaeConfig decodeConfig = TransformerVaeConfig.preset("small").withOverrides(Map.of("maxLength", DECODE_TOKENS));
        try (VaeModel model = VaeModel.load(untrainedCheckpoint(decodeConfig, data, train, device), device)) {
            String a = train.get(0);
            String b = train.get(1);
            DecodingOptions options = new DecodingOptions(null, null, DECODE_TOKENS, null, null);
            System.out.printf(Locale.ROOT, "%n## Interpolation latency: preset small with maxLength %d, %d ratios × %d tokens, greedy%n",
                    DECODE_TOKENS, RATIOS.length, DECODE_TOKENS);
            kvCache(model, a, b, options);
            batching(model, a, b, options, clients);
        }
    }

    private static void training(String preset, TrainingOptions options, int timed, PreparedDataset data, List<String> train,
            Device device) {
        TransformerVaeConfig config = SequenceFit.fitted(TransformerVaeConfig.preset(preset), data);
        int warmup = 3;
        PeakMemory.reset(device);
        try (TrainingSession session = TrainingSession.start(config, options, data.tokenizer(), train, List.of(), device)) {
            for (int i = 0; i < warmup; i++) {
                session.step();
            }
            long tokens = 0;
            double seconds = 0;
            long peak = 0;
            long faultsBefore = MinorPageFaults.ofThisProcess();
            for (int i = 0; i < timed; i++) {
                StepMetrics step = session.step();
                tokens += step.tokens();
                seconds += step.seconds();
                peak = Math.max(peak, step.peakMemoryBytes());
            }
            long faults = MinorPageFaults.ofThisProcess() - faultsBefore;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %d | %.0f | %.0f | %.0f | %s |%n", preset,
                    options.recomputation() ? "on" : "off", options.mixedPrecision() ? "fp16 mixed" : "fp32", options.batchSize(), timed,
                    tokens / seconds, 1000 * seconds / timed, peak / 1e6, faultsBefore < 0 ? "n/a" : String.valueOf(faults / timed));
        }
    }

    private static void kvCache(VaeModel model, String a, String b, DecodingOptions options) {
        int repeats = 5;
        model.interpolate(a, b, RATIOS, options, true);   // warm-up
        model.interpolate(a, b, RATIOS, options, false);
        double[] cached = new double[repeats];
        double[] uncached = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            cached[i] = timeMillis(() -> model.interpolate(a, b, RATIOS, options, true));
            uncached[i] = timeMillis(() -> model.interpolate(a, b, RATIOS, options, false));
        }
        System.out.println("| decoding | median ms per request | min ms |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| KV cache | %.0f | %.0f |%n", median(cached), Arrays.stream(cached).min().orElse(0));
        System.out.printf(Locale.ROOT, "| no cache (prefix recomputed every step) | %.0f | %.0f |%n", median(uncached),
                Arrays.stream(uncached).min().orElse(0));
        System.out.printf(Locale.ROOT, "KV cache speed-up: %.2fx%n", median(uncached) / median(cached));
    }

    /** {@code clients} threads each send requests back to back: each decoded alone (as before batching) vs batched. */
    private static void batching(VaeModel model, String a, String b, DecodingOptions options, int clients) throws Exception {
        int perClient = 4;
        System.out.printf(Locale.ROOT, "%n%d concurrent clients × %d requests each:%n", clients, perClient);
        System.out.println("| mode | p50 ms | p95 ms | requests/s |");
        System.out.println("|---|---|---|---|");
        double alone = load("each request decoded on its own thread", clients, perClient,
                () -> model.interpolate(a, b, RATIOS, options));
        try (DecodeBatcher serial = new DecodeBatcher(256, false)) {
            load("one device thread, no batching", clients, perClient, () -> serial.interpolate(model, a, b, RATIOS, options).join());
        }
        double batched;
        try (DecodeBatcher batcher = new DecodeBatcher(256, true)) {
            batched = load("one device thread, concurrent requests batched", clients, perClient,
                    () -> batcher.interpolate(model, a, b, RATIOS, options).join());
        }
        System.out.printf(Locale.ROOT, "batching throughput gain over decoding each request on its own: %.2fx%n", batched / alone);
    }

    /** Runs the load and prints a table row; returns requests per second. */
    private static double load(String mode, int clients, int perClient, Runnable request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Double> latencies = new ArrayList<>();
        long started = System.nanoTime();
        try {
            List<Future<List<Double>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Double> mine = new ArrayList<>();
                    for (int r = 0; r < perClient; r++) {
                        mine.add(timeMillis(request));
                    }
                    return mine;
                }));
            }
            for (Future<List<Double>> future : futures) {
                latencies.addAll(future.get());
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double throughput = sorted.length / seconds;
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", mode, Percentiles.of(sorted, 50), Percentiles.of(sorted, 95), throughput);
        return throughput;
    }

    private static Path untrainedCheckpoint(TransformerVaeConfig config, PreparedDataset data, List<String> train, Device device)
            throws IOException {
        Path zip = Files.createTempDirectory("bench").resolve("untrained.zip");
        try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("small"), data.tokenizer(), train,
                List.of(), device)) {
            session.saveCheckpoint(zip, "bench", Map.of());
        }
        return zip;
    }

    private static double timeMillis(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Percentiles.of(sorted, 50);
    }
}
