package tvae.trainer.checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tvae.events.CheckpointPublished;

/**
 * Moves one checkpoint file to its consumers and withdraws earlier ones no consumer needs any more, all or nothing;
 * throws when it could not (the caller retries).
 */
public interface CheckpointTransport {
    void publish(Path file, CheckpointPublished announcement, List<CheckpointPublished> withdrawn) throws IOException;
}
