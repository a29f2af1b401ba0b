package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;

/**
 * Answers interpolation requests with the model being served. Until a checkpoint has been loaded there is no model,
 * and every request gets an explicit error instead of a hang.
 */
@ApplicationScoped
public class InterpolationService {
    public static final String NO_MODEL = "no checkpoint loaded yet: train a run or wait for one to be published";

    public InterpolationResult interpolate(InterpolationRequested request) {
        return InterpolationResult.failed(request.requestId(), null, NO_MODEL);
    }
}
