package tvae.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.decode.VaeModel;
import tvae.events.HyperParameters;
import tvae.model.TransformerVaeConfig;

/**
 * The MMD term does its job: the same model trained on the same lines with the same seed, once with MMD on every
 * latent token and once without, and the latent tokens of the MMD run lie much closer to N(0, I) in mean and covariance.
 */
class MmdPriorTest {
    private static final int STEPS = 150;

    @TempDir
    Path dir;

    @Test
    void mmdPullsTheLatentMeanAndCovarianceTowardsTheStandardNormal() throws IOException {
        List<String> lines = TrainingFixtures.lines(256);
        // No ramp: the seed fades MMD in over thousands of steps, this run has a couple of hundred.
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        TrainingOptions options = TrainingOptions.preset("tiny").withTotalSteps(STEPS)
                .with(HyperParameters.of(Map.of("mmdRampMidpoint", 0, "mmdRampSteps", 1)));

        double without = distanceFromStandardNormal(latentsAfterTraining(config, mmdWeight(options, 0), lines, "no-mmd"));
        double with = distanceFromStandardNormal(latentsAfterTraining(config, mmdWeight(options, 5), lines, "mmd"));
        System.out.printf(Locale.ROOT, "distance of the latent tokens from N(0,I): without MMD %.4f, with MMD %.4f%n", without, with);
        assertTrue(with < 0.5 * without, "MMD should at least halve the distance: with " + with + ", without " + without);
    }

    /** The MMD weight as a training request sets it. */
    private static TrainingOptions mmdWeight(TrainingOptions options, double weight) {
        return options.with(HyperParameters.of(Map.of("mmdWeight", weight)));
    }

    private float[][][] latentsAfterTraining(TransformerVaeConfig config, TrainingOptions options, List<String> lines, String name)
            throws IOException {
        Path zip;
        try (TrainingSession session = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            for (int i = 0; i < STEPS; i++) {
                session.step();
            }
            zip = session.saveCheckpoint(dir.resolve(name + ".zip"), name, Map.of());
        }
        try (VaeModel model = VaeModel.load(zip, Device.cpu())) {
            return model.encode(lines);
        }
    }

    /**
     * ‖mean‖² + ‖Cov − I‖²_F / d over all latent tokens of all lines: zero for samples of N(0, I) (up to sampling
     * noise), large when the codes drift off or collapse onto a few directions.
     */
    static double distanceFromStandardNormal(float[][][] latents) {
        int d = latents[0][0].length;
        int n = 0;
        double[] mean = new double[d];
        for (float[][] item : latents) {
            for (float[] z : item) {
                for (int j = 0; j < d; j++) {
                    mean[j] += z[j];
                }
                n++;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] covariance = new double[d][d];
        for (float[][] item : latents) {
            for (float[] z : item) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        covariance[a][b] += (z[a] - mean[a]) * (z[b] - mean[b]) / (n - 1);
                    }
                }
            }
        }
        double meanNorm = 0;
        double covarianceGap = 0;
        for (int a = 0; a < d; a++) {
            meanNorm += mean[a] * mean[a];
            for (int b = 0; b < d; b++) {
                double gap = covariance[a][b] - (a == b ? 1 : 0);
                covarianceGap += gap * gap;
            }
        }
        return meanNorm + covarianceGap / d;
    }
}
