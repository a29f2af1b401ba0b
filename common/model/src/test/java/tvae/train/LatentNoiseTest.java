package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.events.HyperParameters;
import tvae.events.InvalidEventException;

/** Noise on the latent codes the decoder reads: it changes what a step computes, and it is drawn from the step's seed. */
class LatentNoiseTest {
    @Test
    void noiseChangesTheReconstructionButNotTheMmdAndRepeatsFromTheSameSeed() {
        StepMetrics clean = firstStep(0);
        StepMetrics noisy = firstStep(0.5);
        StepMetrics again = firstStep(0.5);
        assertNotEquals(clean.reconstructionLoss(), noisy.reconstructionLoss(), "the decoder read other codes");
        assertEquals(clean.mmdLoss(), noisy.mmdLoss(), 1e-6, "the MMD sees the clean codes");
        assertEquals(noisy.reconstructionLoss(), again.reconstructionLoss(), 0.0, "the same seed draws the same noise");
    }

    @Test
    void negativeNoiseIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> HyperParameters.of(Map.of("latentNoise", -0.1)));
        assertEquals("field 'hyperParameters.latentNoise' must be in [0.0, 10.0], was -0.1", e.getMessage());
    }

    private static StepMetrics firstStep(double value) {
        return TrainingFixtures.firstTinyStep(Map.of("latentNoise", value));
    }
}
