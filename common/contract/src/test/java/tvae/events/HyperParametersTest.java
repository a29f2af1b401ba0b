package tvae.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's hyper-parameters by their wire names, from a request body or from {@link HyperParameters#of}, alike. */
class HyperParametersTest {
    @Test
    void theMmdKernelIsOneOfTwoByName() {
        HyperParameters imq = HyperParameters.of(Map.of("mmdKernel", "imq"));
        assertEquals(MmdKernel.IMQ, imq.mmdKernel());
        assertNull(imq.learningRate());
        assertEquals(imq, EventJson.readBody("{\"mmdKernel\": \"imq\"}", HyperParameters.class));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> HyperParameters.of(Map.of("mmdKernel", "gaussian")));
        assertEquals("field 'hyperParameters.mmdKernel' must be 'rbf', 'imq', was 'gaussian'", e.getMessage());
    }

    @Test
    void everyLossWeightIsBoundedAndAnUnknownNameIsRefused() {
        assertEquals(0.5, HyperParameters.of(Map.of("smoothnessWeight", 0.5)).smoothnessWeight());
        InvalidEventException negative = assertThrows(InvalidEventException.class,
                () -> HyperParameters.of(Map.of("criticWeight", -1)));
        assertEquals("field 'hyperParameters.criticWeight' must be in [0.0, 1000000.0], was -1.0", negative.getMessage());
        InvalidEventException unknown = assertThrows(InvalidEventException.class,
                () -> HyperParameters.of(Map.of("smoothness", 1)));
        assertEquals("unknown field 'smoothness'", unknown.getMessage());
    }
}
