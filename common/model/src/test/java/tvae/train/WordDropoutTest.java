package tvae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tvae.events.HyperParameters;
import tvae.events.InvalidEventException;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;

/** Word dropout: some decoder inputs become padding in training, BOS and everything the loss compares stay. */
class WordDropoutTest {
    private static final TransformerVaeConfig CONFIG = TransformerVaeConfig.preset("tiny");
    private static final List<String> LINES = TrainingFixtures.lines(64);

    @Test
    void droppedInputsBecomePaddingWhileBosTargetsAndEncoderIdsStay() {
        Tokenizer tokenizer = TrainingFixtures.tokenizer();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TokenBatch batch = TokenBatch.of(LINES, tokenizer, CONFIG.maxLength(), manager);
            TokenBatch dropped = batch.withDecoderInputsDropped(0.5, new Random(7), tokenizer.padId(), manager);
            long[] before = batch.decoderInputs().toLongArray();
            long[] after = dropped.decoderInputs().toLongArray();
            int length = CONFIG.maxLength();
            int real = 0;
            int changed = 0;
            for (int i = 0; i < before.length; i++) {
                if (i % length == 0) {
                    assertEquals(tokenizer.bosId(), after[i], "BOS is never dropped");
                } else if (after[i] != before[i]) {
                    assertEquals(tokenizer.padId(), after[i], "a dropped input reads as padding");
                    changed++;
                }
                if (i % length != 0 && before[i] != tokenizer.padId()) {
                    real++;
                }
            }
            double share = (double) changed / real;
            assertTrue(share > 0.45 && share < 0.55, "about half of " + real + " real inputs dropped, was " + share);
            assertArrayEquals(batch.encoderIds().toLongArray(), dropped.encoderIds().toLongArray());
            assertArrayEquals(batch.targets().toLongArray(), dropped.targets().toLongArray());
            assertArrayEquals(batch.targetMask().toFloatArray(), dropped.targetMask().toFloatArray());
        }
    }

    @Test
    void dropoutChangesTheReconstructionButNotTheCodesAndRepeatsFromTheSameSeed() {
        StepMetrics clean = firstStep(0);
        StepMetrics dropped = firstStep(0.3);
        StepMetrics again = firstStep(0.3);
        assertNotEquals(clean.reconstructionLoss(), dropped.reconstructionLoss(), "the decoder read other inputs");
        assertEquals(clean.mmdLoss(), dropped.mmdLoss(), 1e-6, "the encoder saw the whole item");
        assertEquals(dropped.reconstructionLoss(), again.reconstructionLoss(), 0.0, "the same seed drops the same inputs");
    }

    @Test
    void droppingEveryInputIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> HyperParameters.of(Map.of("wordDropout", 1.0)));
        assertEquals("field 'hyperParameters.wordDropout' must be in [0.0, 0.95], was 1.0", e.getMessage());
    }

    private static StepMetrics firstStep(double value) {
        return TrainingFixtures.firstTinyStep(Map.of("wordDropout", value));
    }
}
