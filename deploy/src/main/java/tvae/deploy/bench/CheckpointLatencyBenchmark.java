package tvae.deploy.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;
import tvae.events.Mixing;

/**
 * The latency the playground's interpolation panel waits for, without the service around it: one 11-point
 * interpolation of a trained checkpoint (encode both ends, mix, decode all 11 points as one batch), one call at a time,
 * greedy with the KV cache and guided (beam 4, the constraint, no CPython pick). A trained model stops at EOS, so
 * unlike {@link ModelBenchmark}'s untrained one it decodes only as far as its lines go.
 * <pre>./tvae bench checkpoint-latency CHECKPOINT.zip [calls]</pre>
 */
public final class CheckpointLatencyBenchmark {
    private static final List<String[]> PAIRS = List.of(new String[] {"x = 1", "return self.name"},
            new String[] {"self.assertEqual(a, b)", "import os"}, new String[] {"result = []", "raise ValueError('bad value')"},
            new String[] {"count += 1", "return None"});
    private static final int WARM_UP = 20;

    private CheckpointLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ./tvae bench checkpoint-latency CHECKPOINT.zip [calls]");
            System.exit(2);
        }
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double[] ratios = InterpolationRequested.defaultRatios();
        try (VaeModel model = VaeModel.load(Path.of(args[0]), DeviceChoice.resolve("auto"))) {
            System.out.printf("%s (step %d): %d-point interpolations, %d calls one at a time after %d warm-up calls%n", args[0],
                    model.step(), ratios.length, calls, WARM_UP);
            System.out.println("| decoding | p50 ms | p90 ms | min ms |");
            System.out.println("| --- | --- | --- | --- |");
            measure(model, ratios, DecodingOptions.greedy(), "greedy, KV cache", calls);
            measure(model, ratios, DecodingOptions.guided(Mixing.LINEAR), "guided, beam 4 (no CPython pick)", calls);
        }
    }

    private static void measure(VaeModel model, double[] ratios, DecodingOptions options, String name, int calls) {
        for (int i = 0; i < WARM_UP; i++) {
            interpolate(model, ratios, options, i);
        }
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            interpolate(model, ratios, options, i);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, Percentiles.of(millis, 50), Percentiles.of(millis, 90),
                millis[0]);
    }

    private static void interpolate(VaeModel model, double[] ratios, DecodingOptions options, int call) {
        String[] pair = PAIRS.get(call % PAIRS.size());
        model.interpolate(pair[0], pair[1], ratios, options);
    }
}
