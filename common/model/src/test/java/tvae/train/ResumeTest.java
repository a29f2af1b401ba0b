package tvae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.HyperParameters;
import tvae.model.TransformerVaeConfig;

class ResumeTest {
    private static final int BEFORE = 6;
    private static final int AFTER = 3;

    @Test
    void resumedRunTakesExactlyTheStepsOfTheUninterruptedOne(@TempDir Path dir) throws IOException {
        assertResumeEqualsUninterrupted(dir, Map.of(), false);
    }

    /** The critic's parameters and moments, and the research losses' draws, continue as they would have. */
    @Test
    void resumedRunWithResearchLossesTakesTheSameSteps(@TempDir Path dir) throws IOException {
        assertResumeEqualsUninterrupted(dir, Map.of("criticWeight", 0.5, "cycleWeight", 0.5, "smoothnessWeight", 0.5), false);
    }

    /** The loss scale and its count of clean steps continue too. */
    @Test
    void resumedMixedPrecisionRunTakesTheSameSteps(@TempDir Path dir) throws IOException {
        assertResumeEqualsUninterrupted(dir, Map.of(), true);
    }

    /** Similar-length batches: the checkpoint lands inside a pool, which the resumed run rebuilds. */
    @Test
    void resumedRunWithSimilarLengthBatchesTakesTheSameSteps(@TempDir Path dir) throws IOException {
        assertResumeEqualsUninterrupted(dir, Map.of("bucketBatches", 4), false);
    }

    /** Tiny, MMD without a ramp, with {@code hyperParameters} on top. */
    private static void assertResumeEqualsUninterrupted(Path dir, Map<String, Object> hyperParameters, boolean mixedPrecision)
            throws IOException {
        // 40 lines, batch 16: the data cursor crosses an epoch boundary before and after the checkpoint.
        List<String> lines = TrainingFixtures.lines(40);
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        Map<String, Object> training = new HashMap<>(Map.of("batchSize", 16, "learningRate", 2e-3, "warmupSteps", 3,
                "mmdRampMidpoint", 0, "mixedPrecision", mixedPrecision));
        training.putAll(hyperParameters);
        TrainingOptions options = TrainingOptions.preset("tiny").withTotalSteps(BEFORE + AFTER).with(HyperParameters.of(training));

        List<Double> uninterrupted = new ArrayList<>();
        List<float[]> expectedParameters;
        try (TrainingSession session = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            for (int i = 0; i < BEFORE + AFTER; i++) {
                uninterrupted.add(session.step().loss());
            }
            expectedParameters = parameters(session);
        }

        Path checkpoint;
        try (TrainingSession first = TrainingSession.start(config, options, TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            for (int i = 0; i < BEFORE; i++) {
                assertEquals(uninterrupted.get(i), first.step().loss(), 0.0, "same seed, same step " + (i + 1));
            }
            checkpoint = first.saveCheckpoint(dir.resolve("at-6.zip"), "resume-test", Map.of());
        }
        try (TrainingSession resumed = TrainingSession.resume(checkpoint, options, lines, lines, Device.cpu())) {
            assertEquals(BEFORE, resumed.stepsDone());
            assertEquals(TrainingFixtures.tokenizer().sha256(), resumed.tokenizer().sha256());
            for (int i = BEFORE; i < BEFORE + AFTER; i++) {
                StepMetrics metrics = resumed.step();
                assertEquals(i + 1, metrics.step());
                assertEquals(uninterrupted.get(i), metrics.loss(), 1e-6, "loss at step " + (i + 1));
            }
            List<float[]> actual = parameters(resumed);
            for (int p = 0; p < actual.size(); p++) {
                assertArrayEquals(expectedParameters.get(p), actual.get(p), 1e-6f, "parameter " + p);
            }
        }
    }

    private static List<float[]> parameters(TrainingSession session) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : session.model().getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
