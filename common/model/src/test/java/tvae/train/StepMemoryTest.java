package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.HyperParameters;
import tvae.model.TransformerVaeConfig;

/**
 * A long run must not accumulate native arrays: every array a step, an evaluation or a checkpoint makes is closed
 * when it ends, so the session's manager holds as many arrays after the hundredth step as after the first.
 */
class StepMemoryTest {
    private static final int STEPS = 12;

    @Test
    void stepsLeaveNoArraysBehind() {
        assertNoArraysAccumulate(TransformerVaeConfig.preset("tiny"), TrainingOptions::withBatchSize);
    }

    @Test
    void recomputedStepsLeaveNoArraysBehind() {
        assertNoArraysAccumulate(TransformerVaeConfig.preset("tiny"), (o, b) -> o.withBatchSize(b).withRecomputation(true));
    }

    @Test
    void stepsWithResearchLossesAndMixedPrecisionLeaveNoArraysBehind() {
        HyperParameters research = HyperParameters.of(Map.of("criticWeight", 0.5, "cycleWeight", 0.5, "smoothnessWeight", 0.5,
                "bagOfWordsWeight", 0.5, "mixedPrecision", true));
        assertNoArraysAccumulate(TransformerVaeConfig.preset("tiny"), (o, b) -> o.withBatchSize(b).with(research));
    }

    @Test
    void evaluationsAndCheckpointsLeaveNoArraysBehind(@TempDir Path dir) throws IOException {
        List<String> lines = TrainingFixtures.lines(40);
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("tiny").withBatchSize(8),
                TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            session.step();
            session.evaluate(16);
            session.saveCheckpoint(dir.resolve("first.zip"), "memory-test", Map.of());
            int before = session.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                session.step();
                session.evaluate(16);
                session.saveCheckpoint(dir.resolve("step.zip"), "memory-test", Map.of());
            }
            assertEquals(before, session.manager().getManagedArrays().size(), "arrays held after evaluations and checkpoints");
        }
    }

    private interface Configure {
        TrainingOptions apply(TrainingOptions defaults, int batchSize);
    }

    private static void assertNoArraysAccumulate(TransformerVaeConfig config, Configure configure) {
        List<String> lines = TrainingFixtures.lines(40);
        TrainingOptions options = configure.apply(TrainingOptions.preset("tiny"), 8);
        try (TrainingSession session = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines,
                Device.cpu())) {
            session.step();
            int afterFirst = session.manager().getManagedArrays().size();
            for (int i = 1; i < STEPS; i++) {
                session.step();
            }
            assertEquals(afterFirst, session.manager().getManagedArrays().size(), "arrays held after " + STEPS + " steps");
        }
    }
}
