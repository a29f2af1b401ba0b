package tvae.events;

import java.util.Locale;

/** One human line per progress event: state, step, loss, accuracy, speed, ETA. */
public final class ProgressLine {
    /** Loss names with a place of their own in the line; any other (the research losses) follows them by name. */
    private static final java.util.Set<String> SHOWN_FIRST = java.util.Set.of("total", "reconstruction", "mmd");

    private ProgressLine() {
    }

    public static String format(TrainingProgress p) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%s] %-12s step %d/%d", p.runId(), p.state(), p.step(), p.maxSteps()));
        Double reconstruction = p.losses().get("reconstruction");
        if (reconstruction != null) {
            line.append(String.format(Locale.ROOT, "  loss %.4f", reconstruction));
        }
        Double mmd = p.losses().get("mmd");
        if (mmd != null) {
            line.append(String.format(Locale.ROOT, "  mmd %.4f", mmd));
        }
        p.losses().forEach((name, value) -> {
            if (!SHOWN_FIRST.contains(name)) {
                line.append(String.format(Locale.ROOT, "  %s %.4f", name, value));
            }
        });
        if (p.tokenAccuracy() != null) {
            line.append(String.format(Locale.ROOT, "  acc %.1f%%", 100 * p.tokenAccuracy()));
        }
        if (p.tokensPerSecond() != null) {
            line.append(String.format(Locale.ROOT, "  %.0f tok/s", p.tokensPerSecond()));
        }
        if (p.etaSeconds() != null) {
            line.append(String.format(Locale.ROOT, "  ETA %ds", Math.round(p.etaSeconds())));
        }
        if (p.message() != null) {
            line.append("  ").append(p.message());
        }
        if (p.trainer() != null) {
            line.append("  [").append(p.trainer()).append(']');
        }
        return line.toString();
    }
}
