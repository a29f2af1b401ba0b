package tvae.inference.serving;

import tvae.events.CheckpointPublished;

/** Fired (asynchronously) after a checkpoint became the served one; the evaluation suite listens. */
public record ModelSwapped(CheckpointPublished checkpoint) {
}
