package tvae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tvae.events.HyperParameters;
import tvae.events.InvalidEventException;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;

/** Encoder deletion: the encoder reads each item with some tokens gone, the decoder must still rebuild all of it. */
class EncoderDeletionTest {
    private static final TransformerVaeConfig CONFIG = TransformerVaeConfig.preset("tiny");
    private static final List<String> LINES = TrainingFixtures.lines(64);

    @Test
    void eachEncoderRowKeepsItsSurvivorsInOrderThenEosWhileTheDecoderSideStays() {
        Tokenizer tokenizer = TrainingFixtures.tokenizer();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TokenBatch batch = TokenBatch.of(LINES, tokenizer, CONFIG.maxLength(), manager);
            TokenBatch deleted = batch.withEncoderTokensDeleted(0.5, new Random(7), tokenizer.padId(), manager);
            int length = CONFIG.maxLength();
            long[] before = batch.encoderIds().toLongArray();
            long[] after = deleted.encoderIds().toLongArray();
            float[] keep = deleted.keep().toFloatArray();
            int content = 0;
            int survivors = 0;
            for (int row = 0; row < before.length; row += length) {
                List<Long> original = realTokens(before, batch.keep().toFloatArray(), row, length);
                List<Long> left = realTokens(after, keep, row, length);
                assertEquals(tokenizer.eosId(), left.get(left.size() - 1), "EOS ends every row");
                assertTrue(isSubsequence(left, original), "survivors keep their order: " + left + " of " + original);
                for (int t = left.size(); t < length; t++) {
                    assertEquals(tokenizer.padId(), after[row + t], "padding after EOS");
                    assertEquals(0f, keep[row + t], "and masked");
                }
                content += original.size() - 1;
                survivors += left.size() - 1;
            }
            double share = 1 - (double) survivors / content;
            assertTrue(share > 0.40 && share < 0.55, "about half of " + content + " tokens deleted, was " + share);
            assertArrayEquals(batch.decoderInputs().toLongArray(), deleted.decoderInputs().toLongArray());
            assertArrayEquals(batch.targets().toLongArray(), deleted.targets().toLongArray());
            assertArrayEquals(batch.targetMask().toFloatArray(), deleted.targetMask().toFloatArray());
            assertEquals(batch.tokens(), deleted.tokens());
        }
    }

    @Test
    void anItemThatWouldLoseEveryTokenKeepsThemAll() {
        Tokenizer tokenizer = TrainingFixtures.tokenizer();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TokenBatch batch = TokenBatch.of(LINES, tokenizer, CONFIG.maxLength(), manager);
            TokenBatch deleted = batch.withEncoderTokensDeleted(0.999_999, new Random(7), tokenizer.padId(), manager);
            assertArrayEquals(batch.encoderIds().toLongArray(), deleted.encoderIds().toLongArray());
            assertArrayEquals(batch.keep().toFloatArray(), deleted.keep().toFloatArray());
        }
    }

    @Test
    void deletionChangesTheCodesAndRepeatsFromTheSameSeed() {
        StepMetrics clean = TrainingFixtures.firstTinyStep(Map.of());
        StepMetrics deleted = TrainingFixtures.firstTinyStep(Map.of("encoderDeletion", 0.3));
        StepMetrics again = TrainingFixtures.firstTinyStep(Map.of("encoderDeletion", 0.3));
        assertNotEquals(clean.mmdLoss(), deleted.mmdLoss(), "the encoder read other tokens");
        assertEquals(deleted.reconstructionLoss(), again.reconstructionLoss(), 0.0, "the same seed deletes the same tokens");
    }

    @Test
    void deletingNearlyEverythingIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> HyperParameters.of(Map.of("encoderDeletion", 0.95)));
        assertEquals("field 'hyperParameters.encoderDeletion' must be in [0.0, 0.9], was 0.95", e.getMessage());
    }

    private static List<Long> realTokens(long[] ids, float[] keep, int row, int length) {
        List<Long> tokens = new ArrayList<>();
        for (int t = 0; t < length && keep[row + t] > 0; t++) {
            tokens.add(ids[row + t]);
        }
        return tokens;
    }

    private static boolean isSubsequence(List<Long> part, List<Long> whole) {
        int at = 0;
        for (long token : whole) {
            if (at < part.size() && part.get(at) == token) {
                at++;
            }
        }
        return at == part.size();
    }
}
