package tvae.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Which device a service runs its model on (config {@code tvae.device}): {@code auto} takes the first GPU when the
 * PyTorch engine sees one, else the CPU; {@code gpu} refuses to start without one (an image built with the CPU natives
 * only, a missing driver) rather than train on the CPU unnoticed.
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

    /** What a service logs at start: the engine, its version, the GPUs it sees and the device chosen. */
    public static String describe(Device device) {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getEngineName() + " " + engine.getVersion() + ", " + engine.getGpuCount() + " GPU(s) visible, running on "
                + device;
    }
}
