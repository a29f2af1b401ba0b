package tvae.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Which device a service runs its model on (config {@code tvae.device}): {@code auto} takes the first GPU when the
 * PyTorch engine sees one, else the CPU.
 */
public final class DeviceChoice {
    private DeviceChoice() {
    }

    public static Device resolve(String name) {
        return switch (name) {
            case "auto" -> Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
                    throw new IllegalStateException("tvae.device=gpu but the PyTorch engine sees no GPU");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("tvae.device must be auto, cpu or gpu, was '" + name + "'");
        };
    }
}
