package tvae.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Interpolate between two inputs at the given ratios. Key: requestId. {@code checkpointId} null = the served one. */
public record InterpolationRequested(int schemaVersion, String type, String eventId, Instant timestamp,
                                     String requestId, String inputA, String inputB, List<Double> ratios,
                                     DecodingOptions options, String checkpointId) implements Event {
    public static final String TYPE = "InterpolationRequested";
    public static final List<Double> DEFAULT_RATIOS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

    public InterpolationRequested {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(requestId, "requestId");
        Require.present(inputA, "inputA");
        Require.present(inputB, "inputB");
        ratios = ratios == null ? DEFAULT_RATIOS : List.copyOf(Require.nonEmpty(ratios, "ratios"));
        for (double r : ratios) {
            Require.within(r, 0, 1, "ratios[]");
        }
        options = options == null ? DecodingOptions.greedy() : options;
    }

    /** {@link #DEFAULT_RATIOS} as the array the model takes. */
    public static double[] defaultRatios() {
        return asArray(DEFAULT_RATIOS);
    }

    /** {@link #ratios} as the array the model takes. */
    public double[] ratioArray() {
        return asArray(ratios);
    }

    private static double[] asArray(List<Double> ratios) {
        return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static InterpolationRequested of(String requestId, String inputA, String inputB, List<Double> ratios,
                                            DecodingOptions options, String checkpointId) {
        return new InterpolationRequested(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                requestId, inputA, inputB, ratios, options, checkpointId);
    }
}
