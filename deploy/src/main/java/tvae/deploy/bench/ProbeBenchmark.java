package tvae.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;

/**
 * How long one checkpoint's probe takes (all four methods), on probe sets of the seed's shape: 5 latent tokens of 77
 * dimensions flattened, 41 labels. Latents are Gaussian clusters and texts random words, so only the time means
 * anything, not the accuracy. Prints one line per size; the first size is measured after a warm-up run.
 *
 * <pre>./tvae bench probe [items...]</pre>
 */
public final class ProbeBenchmark {
    private static final int LABELS = 41;
    private static final int WIDTH = 5 * 77;

    private ProbeBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {600, 2000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ProbeEvaluation.evaluate(probeSet(sizes[0], 1)); // warm-up: class loading and JIT
        for (int size : sizes) {
            ProbeLatents probe = probeSet(size, 2);
            long started = System.nanoTime();
            List<ProbeScore> scores = ProbeEvaluation.evaluate(probe);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "items %5d  dims %d  labels %d  all four methods %.2f s  (%s)%n", size, WIDTH, LABELS,
                    seconds, scores.stream().map(s -> s.method() + "=" + String.format(Locale.ROOT, "%.2f", s.accuracy())).toList());
        }
    }

    private static ProbeLatents probeSet(int size, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[LABELS][WIDTH];
        for (float[] centre : centres) {
            for (int j = 0; j < WIDTH; j++) {
                centre[j] = (float) random.nextGaussian() * 0.3f;
            }
        }
        List<ProbeItem> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int label = i % LABELS;
            float[] latent = new float[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                latent[j] = (float) Math.tanh(centres[label][j] + random.nextGaussian());
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append("word").append(random.nextInt(500)).append(' ');
            }
            items.add(new ProbeItem(text.toString().trim(), "label-" + label, latent));
        }
        return ProbeLatents.of("benchmark", "benchmark", "synthetic", items);
    }
}
