package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.model.TransformerVaeConfig;

/** fp16 forward passes over fp32 master weights, with dynamic loss scaling; run on the CPU here (slow but the same path). */
class MixedPrecisionTest {
    private static final int STEPS = 40;

    @Test
    void lossScaleHalvesOnOverflowAndGrowsBackAfterCleanSteps() {
        LossScaler scaler = LossScaler.dynamic(LossScaler.INITIAL_SCALE, 0);
        scaler.update(false);
        scaler.update(false);
        assertEquals(LossScaler.INITIAL_SCALE / 4, scaler.scale());
        for (int i = 0; i < LossScaler.GROWTH_INTERVAL - 1; i++) {
            scaler.update(true);
        }
        assertEquals(LossScaler.INITIAL_SCALE / 4, scaler.scale());
        scaler.update(true);
        assertEquals(LossScaler.INITIAL_SCALE / 2, scaler.scale());

        LossScaler one = LossScaler.fixedAtOne();
        one.update(false);
        assertEquals(1, one.scale());
        LossScaler low = LossScaler.dynamic(1, 0);
        low.update(false);
        assertEquals(1, low.scale(), "never below 1");
    }

    @Test
    void halfPrecisionForwardLearnsLikeFullPrecisionAndKeepsFp32Masters() {
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        TrainingOptions full = TrainingOptions.preset("tiny").withTotalSteps(STEPS);
        double fullLoss = lossAfterTraining(config, full);
        double halfLoss = lossAfterTraining(config, full.withMixedPrecision(true));
        System.out.printf("loss after %d steps: fp32 %.4f, mixed precision %.4f%n", STEPS, fullLoss, halfLoss);
        assertEquals(fullLoss, halfLoss, 0.05 * fullLoss, "mixed precision should follow fp32 closely");
    }

    private static double lossAfterTraining(TransformerVaeConfig config, TrainingOptions options) {
        List<String> lines = TrainingFixtures.lines(128);
        try (TrainingSession session = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            session.model().getParameters().forEach(p -> initial.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            double first = session.step().loss();
            double sum = 0;
            for (int i = 1; i < STEPS; i++) {
                double loss = session.step().loss();
                if (i >= STEPS - 10) {
                    sum += loss;
                }
            }
            assertTrue(session.skippedUpdates() <= 2, session.skippedUpdates() + " skipped updates");
            for (Pair<String, Parameter> p : session.model().getParameters()) {
                assertEquals(DataType.FLOAT32, p.getValue().getArray().getDataType(), p.getKey());
                assertFalse(Arrays.equals(initial.get(p.getKey()), p.getValue().getArray().toFloatArray()),
                        p.getKey() + " never changed: no gradient reached it");
            }
            double last = sum / 10;
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last + " (mixed precision " + options.mixedPrecision() + ")");
            return last;
        }
    }
}
