package tvae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
    @Test
    void pytorchEngineComputesOffline() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(6f, m.create(new float[] {1, 2, 3}).sum().getFloat(), 1e-6);
            System.out.println("engine=" + m.getEngine().getEngineName() + " " + m.getEngine().getVersion());
        }
    }
}
