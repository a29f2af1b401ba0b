package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tvae.engine.Autograd;
import tvae.events.HyperParameters;
import tvae.events.ModelSpec;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;

/**
 * The critic, cycle, smoothness, bag-of-words and guided-mix losses: off by default, and each, switched on, moves the
 * model its way (the guided mix's effect takes hundreds of steps of a real model: docs/quality.md measures it; here its
 * targets, guard and gradient).
 */
class ResearchLossesTest {
    private static final int STEPS = 60;
    private static final List<String> LINES = TrainingFixtures.lines(128);
    private static final List<String> HELD_OUT = TrainingFixtures.lines(160).subList(128, 160);

    @Test
    void everyPresetHasThemOffAndAStepReportsNone() {
        for (String preset : ModelSpec.PRESETS) {
            assertTrue(ResearchLoss.switchedOn(TrainingOptions.preset(preset).loss(), TrainingFixtures.tokenizer(),
                    TransformerVaeConfig.preset(preset).maxLength()).isEmpty(), preset);
            assertFalse(TransformerVaeConfig.preset(preset).interpolationCritic(), preset);
        }
        try (TrainingSession session = start(Map.of(), 1)) {
            assertTrue(session.step().researchLosses().isEmpty());
            assertTrue(session.model().getParameters().keys().stream().noneMatch(name -> name.contains("critic")));
        }
    }

    /** A critic weight gives the model a critic; a resumed run cannot grow one its checkpoint lacks. */
    @Test
    void aCriticWeightGivesTheModelACritic() {
        try (TrainingSession session = start(Map.of("criticWeight", 0.1), 1)) {
            assertTrue(session.config().interpolationCritic());
            assertTrue(session.model().getParameters().keys().stream().anyMatch(name -> name.contains("critic")));
        }
    }

    @Test
    void cycleTrainingMakesReencodedDecodingsPointLikeTheirCodes() {
        double with = afterTraining(Map.of("cycleWeight", 1.0), STEPS, new CycleLoss(1), "cycle", HELD_OUT);
        double without = afterTraining(Map.of(), STEPS, new CycleLoss(1), "cycle", HELD_OUT);
        System.out.printf("1 - cos(z, Enc(Dec(z))) after %d steps: %.4f with the cycle loss, %.4f without%n", STEPS, with, without);
        assertTrue(with < 0.9 * without, "cycle loss " + with + " with it on, " + without + " off");
    }

    @Test
    void smoothnessTrainingSlowsHowFastDecodingsChangeAlongMixes() {
        double with = afterTraining(Map.of("smoothnessWeight", 100.0), STEPS, new SmoothnessLoss(1), "smoothness", HELD_OUT);
        double without = afterTraining(Map.of(), STEPS, new SmoothnessLoss(1), "smoothness", HELD_OUT);
        System.out.printf("(dp/dr)^2 after %d steps: %.4f with the smoothness loss, %.4f without%n", STEPS, with, without);
        assertTrue(with < 0.8 * without, "smoothness " + with + " with it on, " + without + " off");
    }

    @Test
    void bagOfWordsTrainingMakesTheCodesPredictTheTokensOfHeldOutLines() {
        double with = afterTraining(Map.of("bagOfWordsWeight", 1.0), STEPS, new BagOfWordsLoss(1), "bagOfWords", HELD_OUT);
        double without = afterTraining(Map.of(), STEPS, new BagOfWordsLoss(1), "bagOfWords", HELD_OUT);
        System.out.printf("bag-of-words loss after %d steps: %.4f with it, %.4f without%n", STEPS, with, without);
        assertTrue(with < 0.9 * without, "bag of words " + with + " with it on, " + without + " off");
    }

    /**
     * On mixes of lines the tiny VAE has learnt, guided decoding finds lines CPython accepts and as long as their ends
     * allow: they become targets, and the loss's gradient reaches the codes (so the encoder learns from it too).
     */
    @Test
    void guidedMixesOfLearntLinesGiveTargetsAndAGradientThatReachesTheCodes() {
        int steps = 300;
        try (TrainingSession session = start(Map.of(), steps);
             GuidedMixLoss loss = new GuidedMixLoss(1, 0, session.tokenizer(), session.config().maxLength())) {
            for (int i = 0; i < steps; i++) {
                session.step();
            }
            try (NDManager scope = session.manager().newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TokenBatch batch = TokenBatch.of(LINES.subList(0, 32), session.tokenizer(), session.config().maxLength(), scope);
                NDArray latents = Autograd.leaf(session.model().encode(session.parameterStore(), batch.encoderIds(), batch.keep()));
                Map<String, Double> values = loss.backward(new ScaledBackward(collector, 1), session.model(),
                        session.parameterStore(), batch, latents, new Random(11)).values();
                System.out.println("guided mixes of learnt lines: " + values);
                assertTrue(values.get("guidedMixKept") > 0, "no guided line became a target: " + values);
                assertTrue(values.get("guidedMix") > 0 && Double.isFinite(values.get("guidedMix")), values.toString());
                assertTrue(latents.getGradient().abs().sum().getFloat() > 0, "the loss does not reach the codes");
            }
        }
    }

    /** A run can learn to reconstruct first and turn the guided mix on for its last steps only. */
    @Test
    void theGuidedMixComesOnAfterItsStartStep() {
        try (TrainingSession session = start(Map.of("guidedMixWeight", 1.0, "guidedMixStart", 2), 3)) {
            assertTrue(session.step().researchLosses().isEmpty(), "step 1");
            assertTrue(session.step().researchLosses().isEmpty(), "step 2");
            assertTrue(session.step().researchLosses().containsKey("guidedMix"), "step 3");
        }
    }

    @Test
    void aGuidedLineShorterOrLongerThanBothItsEndsIsNoTarget() {
        assertTrue(GuidedMixLoss.between(5, 3, 8));
        assertTrue(GuidedMixLoss.between(3, 3, 8));
        assertTrue(GuidedMixLoss.between(8, 8, 3));
        assertFalse(GuidedMixLoss.between(2, 3, 8), "the collapse to one short line");
        assertFalse(GuidedMixLoss.between(9, 3, 8));
        assertFalse(GuidedMixLoss.between(0, 0, 4), "an empty line");
    }

    /** On the lines it trained on: the tiny VAE memorises them, and on other lines its hidden states look new to the critic. */
    @Test
    void theCriticLearnsToTellTheMixingRatio() {
        // Guessing one constant c for every input scores at best E(α − c)² + c² = 0.052 (α uniform in [0, ½), c = ⅛).
        int steps = 300;
        double error = afterTraining(Map.of("criticWeight", 0.1), steps, new CriticLoss(0.1), "critic", LINES.subList(0, 32));
        System.out.printf("critic error after %d steps: %.4f (best constant guess: 0.052)%n", steps, error);
        assertTrue(error < 0.045, "critic error " + error);
    }

    /** Trains a tiny model with the {@code hyperParameters}, then measures {@code loss} on {@code probe}. */
    private static double afterTraining(Map<String, Object> hyperParameters, int steps, ResearchLoss loss, String value,
                                        List<String> probe) {
        try (TrainingSession session = start(hyperParameters, steps)) {
            for (int i = 0; i < steps; i++) {
                StepMetrics metrics = session.step();
                assertTrue(Double.isFinite(metrics.loss()), "step " + metrics.step() + " loss " + metrics.loss());
            }
            return measure(session, loss, value, probe);
        }
    }

    private static double measure(TrainingSession session, ResearchLoss loss, String value, List<String> probe) {
        try (NDManager scope = session.manager().newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            TokenBatch batch = TokenBatch.of(probe, session.tokenizer(), session.config().maxLength(), scope);
            NDArray latents = Autograd.leaf(session.model().encode(session.parameterStore(), batch.encoderIds(), batch.keep()));
            return loss.backward(new ScaledBackward(collector, 1), session.model(), session.parameterStore(), batch, latents, new Random(11))
                    .values().get(value);
        }
    }

    private static TrainingSession start(Map<String, Object> hyperParameters, int steps) {
        TrainingOptions options = TrainingOptions.preset("tiny").withTotalSteps(steps).with(HyperParameters.of(hyperParameters));
        return TrainingSession.start(TransformerVaeConfig.preset("tiny"), options, TrainingFixtures.tokenizer(), LINES, LINES,
                Device.cpu());
    }
}
