package tvae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model config holds the model only; what older checkpoints carried beside it still reads. */
class TransformerVaeConfigTest {
    @Test
    void aConfigWrittenWithTrainingSettingsReadsAsTheModelAlone() {
        ObjectNode old = (ObjectNode) TransformerVaeConfig.preset("small").toTree();
        old.remove("interpolationCritic");
        old.put("learningRate", 5e-4).put("batchSize", 64).put("warmupSteps", 300).put("mmdWeight", 1.0)
                .put("mmdKernel", "rbf").put("mmdRampMidpoint", 2500).put("mmdRampSteps", 400)
                .put("criticWeight", 0).put("cycleWeight", 0.5).put("smoothnessWeight", 0);

        assertEquals(TransformerVaeConfig.preset("small"), TransformerVaeConfig.fromTree(old));
        assertTrue(!TransformerVaeConfig.preset("small").toJson().contains("learningRate"));
        assertTrue(!TransformerVaeConfig.preset("small").toJson().contains("mmdKernel"));
    }

    /** Its parameters are in the checkpoint, so a model trained with a critic must be built with one. */
    @Test
    void anOldConfigWithACriticWeightHasACritic() {
        ObjectNode old = (ObjectNode) TransformerVaeConfig.preset("tiny").toTree();
        old.remove("interpolationCritic");
        old.put("criticWeight", 0.1);

        TransformerVaeConfig config = TransformerVaeConfig.fromTree(old);
        assertTrue(config.interpolationCritic());
        assertEquals(TransformerVaeConfig.preset("tiny").withInterpolationCritic(), config);
    }

    @Test
    void aConfigWrittenBeforeLatentPoolingKeepsCodesByPosition() {
        ObjectNode old = (ObjectNode) TransformerVaeConfig.preset("compact").toTree();
        old.remove("latentPooling");

        TransformerVaeConfig config = TransformerVaeConfig.fromTree(old);
        assertEquals(TransformerVaeConfig.POOL_POSITIONS, config.latentPooling());
        assertEquals(TransformerVaeConfig.preset("compact"), config);
    }

    @Test
    void aConfigWrittenBeforeParallelDecodingDecodesTokenByToken() {
        ObjectNode old = (ObjectNode) TransformerVaeConfig.preset("compact").toTree();
        old.remove("decoding");

        TransformerVaeConfig config = TransformerVaeConfig.fromTree(old);
        assertFalse(config.parallelDecoding());
        assertEquals(TransformerVaeConfig.preset("compact"), config);
    }

    @Test
    void decodingIsAutoregressiveOrParallel() {
        TransformerVaeConfig tiny = TransformerVaeConfig.preset("tiny");
        assertTrue(tiny.withOverrides(Map.of("decoding", "parallel")).parallelDecoding());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny.withOverrides(Map.of("decoding", "diffusion")));
        assertEquals("model field 'decoding' must be 'autoregressive' or 'parallel', was diffusion", e.getMessage());
    }

    @Test
    void latentPoolingIsPositionsOrAttention() {
        TransformerVaeConfig tiny = TransformerVaeConfig.preset("tiny");
        assertTrue(tiny.withOverrides(Map.of("latentPooling", "attention")).attentionPooling());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny.withOverrides(Map.of("latentPooling", "mean")));
        assertEquals("model field 'latentPooling' must be 'positions' or 'attention', was mean", e.getMessage());
        // learned queries are not limited by the pooled length (24 tokens pool to 12 in tiny)
        assertEquals(16, tiny.withOverrides(Map.of("latentPooling", "attention", "latentTokens", 16)).latentTokens());
        assertThrows(IllegalArgumentException.class, () -> tiny.withOverrides(Map.of("latentTokens", 16)));
    }

    @Test
    void aTrainingSettingAsAModelOverrideIsSentToTheHyperParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerVaeConfig.preset("tiny").withOverrides(Map.of("learningRate", 0.1)));
        assertEquals("'learningRate' is a training setting, not a model field: set it in hyperParameters (tvae train: --hp "
                + "learningRate=VALUE)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TransformerVaeConfig.preset("tiny").withOverrides(Map.of("smoothnessWeight", 1.0)));
    }

    @Test
    void anUnknownPresetIsNamedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransformerVaeConfig.preset("huge"));
        assertEquals("unknown model preset 'huge', expected one of tiny, compact, small, base", e.getMessage());
    }
}
