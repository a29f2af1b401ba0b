package tvae.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** {@code tvae.device=gpu} never falls back to the CPU: without a GPU the engine can use, the service does not start. */
class DeviceChoiceTest {
    @Test
    void askingForTheGpuWithoutOneIsRefusedAndAutoTakesWhatThereIs() {
        boolean gpu = Engine.getEngine("PyTorch").getGpuCount() > 0;
        if (gpu) {
            assertEquals(Device.gpu(), DeviceChoice.resolve("gpu"));
        } else {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DeviceChoice.resolve("gpu"));
            assertTrue(refused.getMessage().contains("sees no GPU"), refused.getMessage());
        }
        assertEquals(gpu ? Device.gpu() : Device.cpu(), DeviceChoice.resolve("auto"));
        assertEquals(Device.cpu(), DeviceChoice.resolve("cpu"));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("tpu"));
        assertTrue(DeviceChoice.describe(Device.cpu()).startsWith("PyTorch "), DeviceChoice.describe(Device.cpu()));
    }
}
