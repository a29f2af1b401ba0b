package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tvae.engine.Autograd;
import tvae.events.MmdKernel;
import tvae.model.TransformerVae;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;

class RecomputationTest {
    @Test
    void recomputedDecoderLayersGiveTheSameGradientsAsOneRecordedGraph() {
        assertRecomputationChangesNoGradient(LossOptions.SEED);
    }

    /** The research losses' gradient reaches the encoder through the latent leaf on both paths alike. */
    @Test
    void researchLossesGiveTheSameGradientsWithAndWithoutRecomputation() {
        assertRecomputationChangesNoGradient(new LossOptions(1, MmdKernel.RBF, 2500, 400, 0.5, 0.5, 0.5, 0.5, 0, 0));
    }

    /** A parallel decoder's inputs are position embeddings: their gradient comes back through the recomputed head too. */
    @Test
    void recomputationGivesTheSameGradientsToAParallelDecoder() {
        assertRecomputationChangesNoGradient(LossOptions.SEED, TransformerVaeConfig.DECODE_PARALLEL);
    }

    private static void assertRecomputationChangesNoGradient(LossOptions loss) {
        assertRecomputationChangesNoGradient(loss, TransformerVaeConfig.DECODE_AUTOREGRESSIVE);
    }

    private static void assertRecomputationChangesNoGradient(LossOptions loss, String decoding) {
        TransformerVaeConfig decoder3 = TransformerVaeConfig.preset("tiny").withOverrides(Map.of("decoderLayers", 3, "decoding", decoding));
        TransformerVaeConfig config = loss.criticWeight() > 0 ? decoder3.withInterpolationCritic() : decoder3;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            TransformerVae model = new TransformerVae(config, TrainingFixtures.tokenizer().vocabSize()).initialized(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            TokenBatch batch = TokenBatch.of(TrainingFixtures.lines(16), TrainingFixtures.tokenizer(), config.maxLength(), manager);
            NDArray prior = gaussian(manager, 16 * config.latentTokens(), config.latentDim());
            VaeObjective objective = new VaeObjective(new MmdLoss(loss.mmdKernel()),
                    ResearchLoss.switchedOn(loss, TrainingFixtures.tokenizer(), config.maxLength()));

            VaeObjective.Terms plainTerms = run(objective, model, ps, batch, prior, false);
            Map<String, float[]> plain = gradients(model);
            VaeObjective.Terms recomputedTerms = run(objective, model, ps, batch, prior, true);
            Map<String, float[]> recomputed = gradients(model);

            assertEquals(plainTerms.loss(), recomputedTerms.loss(), 1e-6);
            assertEquals(plainTerms.research(), recomputedTerms.research());
            assertEquals(plain.keySet(), recomputed.keySet());
            for (String name : plain.keySet()) {
                float[] a = plain.get(name);
                float[] b = recomputed.get(name);
                double norm = 0;
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-5, name + "[" + i + "]");
                    norm += a[i] * a[i];
                }
                assertTrue(norm > 0, "gradient of " + name + " is zero: the check would prove nothing there");
            }
        }
    }

    private static VaeObjective.Terms run(VaeObjective objective, TransformerVae model, ParameterStore ps, TokenBatch batch,
                                          NDArray prior, boolean recompute) {
        model.getParameters().values().forEach(p -> Autograd.zeroGradient(p.getArray()));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            return objective.forwardBackward(new ScaledBackward(collector, 1), model, ps, batch, prior, null, 1.0, recompute, 0, new Random(5));
        }
    }

    private static Map<String, float[]> gradients(TransformerVae model) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            gradients.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
        }
        return gradients;
    }

    static NDArray gaussian(NDManager manager, int rows, int columns) {
        Random random = new Random(3);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(rows, columns));
    }
}
