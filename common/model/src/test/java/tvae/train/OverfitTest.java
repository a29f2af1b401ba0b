package tvae.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.model.TransformerVaeConfig;

class OverfitTest {
    @Test
    void tinyModelMemorises256PythonLines() {
        List<String> lines = TrainingFixtures.lines(256);
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        TrainingOptions options = TrainingOptions.preset("tiny").withTotalSteps(Integer.getInteger("overfit.steps", 700));
        long started = System.nanoTime();
        try (TrainingSession session = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            StepMetrics last = null;
            for (int i = 0; i < options.totalSteps(); i++) {
                last = session.step();
                if (i % 50 == 0) {
                    System.out.printf("step %d loss %.4f acc %.4f mmd %.4f %.0f tok/s%n", last.step(), last.loss(), last.tokenAccuracy(),
                            last.mmdLoss(), last.tokensPerSecond());
                }
            }
            Map<String, Double> scores = session.evaluate(256);
            System.out.printf("after %d steps (%.1f s): %s%n", session.stepsDone(), (System.nanoTime() - started) / 1e9, scores);
            assertTrue(scores.get("tokenAccuracy") >= 0.99, "teacher-forced token accuracy " + scores);
        }
    }
}
