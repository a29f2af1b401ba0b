package tvae.train;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory for the step metrics: GPU memory in use on a GPU, else the process's peak resident set (VmHWM). */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /**
     * Starts a new peak: on CPU the kernel's high-water mark is reset (writing 5 to /proc/self/clear_refs), so a
     * benchmark can measure one configuration after another in the same process. False where that is not possible.
     */
    public static boolean reset(Device device) {
        if (device.isGpu()) {
            return false;
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    public static long bytes(Device device) {
        if (device.isGpu()) {
            return CudaUtils.getGpuMemory(device).getCommitted();
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
