package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.model.TransformerVae;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingFixtures;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;

/** A model with {@code decoding = parallel}: it reads positions, not tokens, and decodes a whole sequence in one pass. */
class ParallelDecodingTest {
    private static final TransformerVaeConfig PARALLEL = TransformerVaeConfig.preset("tiny")
            .withOverrides(Map.of("decoding", TransformerVaeConfig.DECODE_PARALLEL));
    @TempDir
    static Path dir;
    private static List<String> lines;
    private static VaeModel model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        lines = TrainingFixtures.lines(128);
        int steps = 300;
        try (TrainingSession session = TrainingSession.start(PARALLEL, TrainingOptions.preset("tiny").withTotalSteps(steps),
                TrainingFixtures.tokenizer(), lines, lines, Device.cpu())) {
            for (int i = 0; i < steps; i++) {
                session.step();
            }
            Map<String, Double> scores = session.evaluate(lines.size());
            System.out.println("parallel tiny after " + steps + " steps: " + scores);
            model = VaeModel.load(session.saveCheckpoint(dir.resolve("parallel.zip"), "parallel-test", scores), Device.cpu());
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theDecoderReadsNoTokensOnlyPositions() {
        assertEquals(logitsFor(PARALLEL, 3), logitsFor(PARALLEL, 9));
        // the same check on the token-by-token decoder fails, so it can tell the two apart
        TransformerVaeConfig autoregressive = TransformerVaeConfig.preset("tiny");
        assertFalse(logitsFor(autoregressive, 3).equals(logitsFor(autoregressive, 9)));
    }

    @Test
    void aTrainedParallelModelRebuildsMostOfItsLinesInOnePass() {
        List<String> sample = lines.subList(0, 32);
        float[][][] codes = model.encode(sample);
        List<String> decoded = model.decode(codes, DecodingOptions.greedy());
        long exact = IntStream.range(0, sample.size()).filter(i -> decoded.get(i).equals(sample.get(i))).count();
        System.out.println("parallel exact reconstructions: " + exact + " / " + sample.size() + ", e.g. '" + sample.get(0)
                + "' -> '" + decoded.get(0) + "'");
        assertTrue(exact >= sample.size() / 2, exact + " exact");
        DecodingOptions sampling = new DecodingOptions(DecodingStrategy.SAMPLING, null, null, 1.0, 4L);
        assertEquals(model.decode(codes, sampling), model.decode(codes, sampling), "seeded sampling repeats itself");
    }

    @Test
    void guidedDecodingIsRefusedWithTheReason() {
        float[][][] codes = model.encode(lines.subList(0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.decode(codes, new DecodingOptions(DecodingStrategy.GUIDED, null, null, null, null)));
        assertTrue(e.getMessage().contains("'guided'") && e.getMessage().contains("parallel"), e.getMessage());
    }

    /** The logits of one untrained model (seed 11) for decoder inputs all equal to {@code token}, as a list. */
    private static List<Float> logitsFor(TransformerVaeConfig config, int token) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            TransformerVae vae = new TransformerVae(config, TrainingFixtures.tokenizer().vocabSize()).initialized(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray latents = manager.randomNormal(new Shape(2, config.latentTokens(), config.latentDim()));
            long[] ids = new long[2 * 10];
            Arrays.fill(ids, token);
            float[] logits = vae.decodeLogits(ps, latents, manager.create(ids, new Shape(2, 10))).toFloatArray();
            Float[] boxed = new Float[logits.length];
            Arrays.setAll(boxed, i -> logits[i]);
            return List.of(boxed);
        }
    }
}
