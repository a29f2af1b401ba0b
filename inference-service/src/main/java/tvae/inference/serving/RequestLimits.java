package tvae.inference.serving;

import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tvae.events.InterpolationRequested;
import tvae.events.InvalidEventException;

/** Bounds on one request, so no single caller can occupy the device; each refusal names the limit and its value. */
@ApplicationScoped
public class RequestLimits {
    /** {@code tvae.limits.*}, documented in application.properties. */
    @ConfigMapping(prefix = "tvae.limits")
    public interface Settings {
        int maxInputChars();

        int maxRatios();

        int maxDecodeLength();

        int maxBatch();
    }

    @Inject
    Settings settings;

    public void check(InterpolationRequested request) {
        input(request.inputA(), "inputA");
        input(request.inputB(), "inputB");
        ratios(request.ratios().size(), "ratios");
        Integer length = request.options().maxLength();
        if (length != null) {
            decodeLength(length);
        }
    }

    /** Points along one input's path (ratios of an interpolation, strengths of an edit). */
    public void ratios(int count, String field) {
        if (count > settings.maxRatios()) {
            throw new InvalidEventException("field '" + field + "' has " + count + " entries, over the limit of "
                    + settings.maxRatios() + " (tvae.limits.max-ratios)");
        }
    }

    public void decodeLength(int length) {
        if (length > settings.maxDecodeLength()) {
            throw new InvalidEventException("field 'options.maxLength' is " + length + ", over the limit of " + settings.maxDecodeLength()
                    + " (tvae.limits.max-decode-length)");
        }
    }

    public void input(String text, String field) {
        if (text.length() > settings.maxInputChars()) {
            throw new InvalidEventException("field '" + field + "' has " + text.length() + " characters, over the limit of "
                    + settings.maxInputChars() + " (tvae.limits.max-input-chars)");
        }
    }

    public void batch(int size, String field) {
        if (size > settings.maxBatch()) {
            throw new InvalidEventException("field '" + field + "' has " + size + " entries, over the limit of " + settings.maxBatch()
                    + " (tvae.limits.max-batch)");
        }
    }
}
