package tvae.inference.api;

import java.util.List;
import java.util.UUID;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;

/** The body of POST /interpolate: two inputs, optional ratios, decoding options and checkpoint. */
public record InterpolationBody(String inputA, String inputB, List<Double> ratios, DecodingOptions options, String checkpointId) {
    InterpolationRequested toEvent() {
        return InterpolationRequested.of("http-" + UUID.randomUUID(), inputA, inputB, ratios, options, checkpointId);
    }
}
