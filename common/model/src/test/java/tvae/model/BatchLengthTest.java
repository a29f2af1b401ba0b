package tvae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;
import tvae.train.TrainingFixtures;

/** A batch padded only to its longest line must compute what the same batch padded to maxLength does. */
class BatchLengthTest {
    @Test
    void theShortestLengthHoldsTheLongestLinePoolsEvenlyAndFeedsEveryLatentToken() {
        TransformerVaeConfig small = TransformerVaeConfig.preset("small");   // 32 tokens, 3 stages (÷4), 5 latent tokens
        assertEquals(20, small.batchLength(3), "at least 5 latent tokens × 4");
        assertEquals(20, small.batchLength(19));
        assertEquals(24, small.batchLength(20), "20 tokens + EOS, rounded up to a multiple of 4");
        assertEquals(32, small.batchLength(31));
        assertEquals(32, small.batchLength(500), "never over maxLength");
        assertEquals(24, small.batchLength(List.of(new int[3], new int[20], new int[7])), "the longest of the sequences decides");
        assertEquals(32, small.batchLength(List.of(new int[500])), "a sequence is cut at maxLength, as a batch cuts it");
        TransformerVaeConfig attention = small.withOverrides(Map.of("latentPooling", TransformerVaeConfig.POOL_ATTENTION));
        assertEquals(4, attention.batchLength(3), "learned queries need no room for latent tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {TransformerVaeConfig.POOL_POSITIONS, TransformerVaeConfig.POOL_ATTENTION})
    void aTrimmedBatchGivesTheSameCodesAndLogitsAsAFullOne(String pooling) {
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny").withOverrides(Map.of("latentPooling", pooling));
        Tokenizer tokenizer = TrainingFixtures.tokenizer();
        List<int[]> encoded = TrainingFixtures.lines(64).stream().map(tokenizer::encode)
                .filter(ids -> ids.length <= 8).limit(6).toList();
        assertEquals(6, encoded.size(), "short lines for the test");
        int longest = encoded.stream().mapToInt(ids -> ids.length).max().orElseThrow();
        int length = config.batchLength(longest);
        assertTrue(length < config.maxLength(), "the test must trim: " + length);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            TransformerVae model = new TransformerVae(config, tokenizer.vocabSize()).initialized(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            TokenBatch full = TokenBatch.ofIds(encoded, tokenizer, config.maxLength(), manager);
            TokenBatch trimmed = TokenBatch.ofIds(encoded, tokenizer, length, manager);
            assertEquals(full.tokens(), trimmed.tokens());

            NDArray fullCodes = model.encode(ps, full.encoderIds(), full.keep());
            NDArray trimmedCodes = model.encode(ps, trimmed.encoderIds(), trimmed.keep());
            assertArrayEquals(fullCodes.toFloatArray(), trimmedCodes.toFloatArray(), 1e-5f);

            float[] fullLogits = model.decodeLogits(ps, fullCodes, full.decoderInputs()).get(":, 0:" + length + ", :").toFloatArray();
            float[] trimmedLogits = model.decodeLogits(ps, trimmedCodes, trimmed.decoderInputs()).toFloatArray();
            assertArrayEquals(fullLogits, trimmedLogits, 1e-4f);
        }
    }
}
