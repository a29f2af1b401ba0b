package tvae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        old.put("learningRate", 5e-4).put("batchSize", 64).put("warmupSteps", 300).put("mmdWeight", 1.0);

        assertEquals(TransformerVaeConfig.preset("small"), TransformerVaeConfig.fromTree(old));
        assertTrue(!TransformerVaeConfig.preset("small").toJson().contains("learningRate"));
    }

    @Test
    void aTrainingSettingAsAModelOverrideIsSentToTheHyperParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerVaeConfig.preset("tiny").withOverrides(Map.of("learningRate", 0.1)));
        assertEquals("'learningRate' is a training setting, not a model field: set it in hyperParameters (tvae train: --lr, --batch)",
                e.getMessage());
    }

    @Test
    void theMmdKernelIsOneOfTwoByName() {
        TransformerVaeConfig imq = TransformerVaeConfig.preset("tiny").withOverrides(Map.of("mmdKernel", "imq"));
        assertEquals(MmdKernel.IMQ, imq.mmdKernel());
        assertTrue(imq.toJson().contains("\"mmdKernel\":\"imq\""), imq.toJson());
        assertEquals(imq, TransformerVaeConfig.fromJson(imq.toJson()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerVaeConfig.preset("tiny").withOverrides(Map.of("mmdKernel", "gaussian")));
        assertEquals("model field 'mmdKernel' must be 'rbf' or 'imq', was 'gaussian'", e.getMessage());
    }
}
