package tvae.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tvae.events.RunState;
import tvae.events.TrainingProgress;

/**
 * The steps since the last progress event, averaged: one event every few seconds says more than the noisy loss of
 * the single step that happened to come last, and tokens/s over the window includes every pause between steps.
 */
public final class ProgressWindow {
    private int steps;
    private double loss;
    private double reconstruction;
    private double mmd;
    private double tokenAccuracy;
    private final Map<String, Double> research = new TreeMap<>();
    private long tokens;
    private final long startedNanos = System.nanoTime();

    public void add(StepMetrics metrics) {
        steps++;
        loss += metrics.loss();
        reconstruction += metrics.reconstructionLoss();
        mmd += metrics.mmdLoss();
        tokenAccuracy += metrics.tokenAccuracy();
        metrics.researchLosses().forEach((name, value) -> research.merge(name, value, Double::sum));
        tokens += metrics.tokens();
    }

    public Map<String, Double> losses() {
        Map<String, Double> losses = new LinkedHashMap<>();
        if (steps > 0) {
            losses.put("total", loss / steps);
            losses.put("reconstruction", reconstruction / steps);
            losses.put("mmd", mmd / steps);
            research.forEach((name, sum) -> losses.put(name, sum / steps));
        }
        return losses;
    }

    public TrainingProgress progress(String runId, RunState state, long step, long maxSteps, Double etaSeconds, String message) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        Double accuracy = steps == 0 ? null : tokenAccuracy / steps;
        Double tokensPerSecond = steps == 0 || seconds <= 0 ? null : tokens / seconds;
        return TrainingProgress.of(runId, state, step, maxSteps, losses(), accuracy, tokensPerSecond, etaSeconds, message);
    }
}
