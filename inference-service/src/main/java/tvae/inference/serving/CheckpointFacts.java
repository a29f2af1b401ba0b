package tvae.inference.serving;

import tvae.events.CheckpointPublished;

/** What the serving side reads out of a checkpoint's manifest. */
final class CheckpointFacts {
    private CheckpointFacts() {
    }

    /** The data set kind the checkpoint was trained on (written by the trainer), e.g. python-lines. */
    static String dataset(CheckpointPublished checkpoint) {
        return checkpoint.manifest().path("dataset").path("kind").asText("unknown");
    }
}
