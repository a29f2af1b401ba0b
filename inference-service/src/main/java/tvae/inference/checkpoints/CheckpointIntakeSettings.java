package tvae.inference.checkpoints;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The bounds on what arrives over the checkpoint topics ({@code tvae.checkpoint-intake.*}; the defaults are in
 * application.properties): bytes of one checkpoint as sent and unpacked, its chunks, partial checkpoints at once,
 * announcements waiting for their chunks, and verified checkpoints kept on disk per run ({@code ModelServer.retention}).
 */
@ConfigMapping(prefix = "tvae.checkpoint-intake")
public interface CheckpointIntakeSettings {
    long maxBytes();

    long maxUnpackedBytes();

    /** Unset: as many as max-bytes makes at the publishers' chunk size. */
    Optional<Integer> maxChunks();

    int maxPartials();

    int maxWaitingAnnouncements();

    int keepPerRun();
}
