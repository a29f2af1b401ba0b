package tvae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;
import tvae.train.TrainingFixtures;

/**
 * The encoder must not look at padding: the latent codes of a line are the same whatever token ids fill its padding.
 * (An inverted padding mask once sent every real token's attention to the padding instead.) This holds for codes kept
 * by position, which lie inside these lines; with attention pooling the pooled token that straddles a line's end also
 * reads its padding neighbour's state, which is always the same for the one padding id, so there only what
 * {@link BatchLengthTest} asks (codes independent of how far a batch is padded) holds.
 */
class EncoderPaddingTest {
    @Test
    void latentCodesIgnoreWhatFillsThePadding() {
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        Tokenizer tokenizer = TrainingFixtures.tokenizer();
        List<String> lines = TrainingFixtures.lines(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            TransformerVae model = new TransformerVae(config, tokenizer.vocabSize()).initialized(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            TokenBatch batch = TokenBatch.of(lines, tokenizer, config.maxLength(), manager);
            NDArray padding = batch.keep().eq(0);
            assertTrue(padding.any().getBoolean(), "the lines must leave some padding for the test to mean anything");
            NDArray otherFill = batch.encoderIds().add(7).mod(tokenizer.vocabSize());
            NDArray refilled = batch.encoderIds().mul(batch.keep().toType(batch.encoderIds().getDataType(), false))
                    .add(otherFill.mul(padding.toType(otherFill.getDataType(), false)));

            float[] original = model.encode(ps, batch.encoderIds(), batch.keep()).toFloatArray();
            float[] withOtherPadding = model.encode(ps, refilled, batch.keep()).toFloatArray();
            assertArrayEquals(original, withOtherPadding, 1e-5f);
        }
    }
}
