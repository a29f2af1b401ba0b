package tvae.inference.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointSignature;
import tvae.checkpoint.CorruptCheckpointException;
import tvae.events.CheckpointPublished;

/**
 * What a reassembled checkpoint must pass before the server may even consider it: signed by the trainer's key
 * ({@code tvae.checkpoint.verify-key}; a comma-separated list while the trainer's key is rotated), every file as its signed manifest lists it and within
 * {@code tvae.checkpoint-intake.max-unpacked-bytes} (no zip bomb), and announced with that same manifest, run and step,
 * so that nothing the announcement says on its own can steer serving. There is no default key: the service does not
 * start without one.
 */
@ApplicationScoped
public class CheckpointVerification {
    static final String VERIFY_KEY = "tvae.checkpoint.verify-key";

    @ConfigProperty(name = VERIFY_KEY)
    Optional<String> verifyKeyText;

    @Inject
    CheckpointIntakeSettings settings;

    private volatile List<PublicKey> trustedKeys;

    /** Before the feed starts: a missing or unusable key stops the service with a message that names the setting. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        keys();
    }

    private List<PublicKey> keys() {
        if (trustedKeys == null) {
            trustedKeys = CheckpointSignature.required(verifyKeyText, VERIFY_KEY, "inference-service serves only checkpoints"
                    + " signed by the trainer; give it the base64 X.509 encoding of the trainer's Ed25519 public key",
                    CheckpointSignature::publicKeys);
        }
        return trustedKeys;
    }

    /** @throws CorruptCheckpointException with the reason the checkpoint is refused */
    public void verify(CheckpointPublished announcement, Path zip) throws IOException {
        JsonNode signed = Checkpoint.verify(zip, keys(), settings.maxUnpackedBytes());
        if (!signed.equals(announcement.manifest())) {
            throw new CorruptCheckpointException("the announcement's manifest differs from the signed manifest in the zip");
        }
        if (!announcement.runId().equals(signed.path("runId").asText())) {
            throw new CorruptCheckpointException("announced for run '" + announcement.runId() + "', the signed manifest says run '"
                    + signed.path("runId").asText() + "'");
        }
        if (announcement.step() != signed.path("step").asLong(-1)) {
            throw new CorruptCheckpointException("announced at step " + announcement.step() + ", the signed manifest says step "
                    + signed.path("step").asLong(-1));
        }
    }
}
