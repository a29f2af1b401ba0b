package tvae.events;

import java.util.List;

/** Every Kafka topic of the system, in one place (design §3). */
public final class Topics {
    public static final String TRAINING_REQUESTS = "vae.training-requests";
    public static final String TRAINING_PROGRESS = "vae.training-progress";
    public static final String CHECKPOINTS = "vae.checkpoints";
    public static final String CHECKPOINT_CHUNKS = "vae.checkpoint-chunks";
    public static final String INTERPOLATION_REQUESTS = "vae.interpolation-requests";
    public static final String INTERPOLATION_RESULTS = "vae.interpolation-results";
    public static final String SAMPLES = "vae.samples";
    public static final String PROBE_LATENTS = "vae.probe-latents";
    public static final String DEAD_LETTER = "vae.dead-letter";
    /** What every inference replica serves ({@link ModelSelected}). */
    public static final String MODEL_SELECTION = "vae.model-selection";

    public static final List<String> ALL = List.of(TRAINING_REQUESTS, TRAINING_PROGRESS, CHECKPOINTS,
            CHECKPOINT_CHUNKS, INTERPOLATION_REQUESTS, INTERPOLATION_RESULTS, SAMPLES, PROBE_LATENTS, DEAD_LETTER, MODEL_SELECTION);

    private Topics() {
    }
}
