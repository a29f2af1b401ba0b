package tvae.train;

/**
 * What one optimizer step did. {@code loss} = reconstruction + weight·ramp·MMD; {@code tokenAccuracy} is
 * teacher-forced over the batch's target tokens; {@code peakMemoryBytes} is the process's peak resident memory on
 * CPU (VmHWM) or the GPU memory in use on a GPU.
 */
public record StepMetrics(long step, double loss, double reconstructionLoss, double mmdLoss, double tokenAccuracy,
                          long tokens, double seconds, long peakMemoryBytes) {
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
