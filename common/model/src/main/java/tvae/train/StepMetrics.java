package tvae.train;

import java.util.Map;

/**
 * What one optimizer step did. {@code loss} = reconstruction + weight·ramp·MMD (+ the weighted research losses);
 * {@code researchLosses} names the values of the research losses switched on (empty by default);
 * {@code tokenAccuracy} is teacher-forced over the batch's target tokens; {@code peakMemoryBytes} is the process's
 * peak resident memory on CPU (VmHWM) or the GPU memory in use on a GPU.
 */
public record StepMetrics(long step, double loss, double reconstructionLoss, double mmdLoss, double tokenAccuracy,
                          Map<String, Double> researchLosses, long tokens, double seconds, long peakMemoryBytes) {
    public StepMetrics {
        researchLosses = Map.copyOf(researchLosses);
    }

    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
