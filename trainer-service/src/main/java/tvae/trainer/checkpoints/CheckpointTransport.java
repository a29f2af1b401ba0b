package tvae.trainer.checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import tvae.events.CheckpointPublished;

/** Moves one checkpoint file to its consumers, all or nothing; throws when it could not (the caller retries). */
public interface CheckpointTransport {
    void publish(Path file, CheckpointPublished announcement) throws IOException;
}
