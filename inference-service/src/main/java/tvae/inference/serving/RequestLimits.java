package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.events.InterpolationRequested;
import tvae.events.InvalidEventException;

/** Bounds on one request, so no single caller can occupy the device; each refusal names the limit and its value. */
@ApplicationScoped
public class RequestLimits {
    @ConfigProperty(name = "tvae.limits.max-input-chars")
    int maxInputChars;

    @ConfigProperty(name = "tvae.limits.max-ratios")
    int maxRatios;

    @ConfigProperty(name = "tvae.limits.max-decode-length")
    int maxDecodeLength;

    @ConfigProperty(name = "tvae.limits.max-batch")
    int maxBatch;

    public void check(InterpolationRequested request) {
        input(request.inputA(), "inputA");
        input(request.inputB(), "inputB");
        if (request.ratios().size() > maxRatios) {
            throw new InvalidEventException("field 'ratios' has " + request.ratios().size() + " entries, over the limit of "
                    + maxRatios + " (tvae.limits.max-ratios)");
        }
        Integer length = request.options().maxLength();
        if (length != null) {
            decodeLength(length);
        }
    }

    public void decodeLength(int length) {
        if (length > maxDecodeLength) {
            throw new InvalidEventException("field 'options.maxLength' is " + length + ", over the limit of " + maxDecodeLength
                    + " (tvae.limits.max-decode-length)");
        }
    }

    public void input(String text, String field) {
        if (text.length() > maxInputChars) {
            throw new InvalidEventException("field '" + field + "' has " + text.length() + " characters, over the limit of "
                    + maxInputChars + " (tvae.limits.max-input-chars)");
        }
    }

    public void batch(int size, String field) {
        if (size > maxBatch) {
            throw new InvalidEventException("field '" + field + "' has " + size + " entries, over the limit of " + maxBatch
                    + " (tvae.limits.max-batch)");
        }
    }
}
