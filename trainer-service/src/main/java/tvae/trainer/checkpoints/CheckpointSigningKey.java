package tvae.trainer.checkpoints;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.PrivateKey;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.checkpoint.CheckpointSignature;

/**
 * The Ed25519 key every checkpoint of this trainer is signed with ({@code tvae.checkpoint.signing-key}, base64 PKCS#8;
 * environment TVAE_CHECKPOINT_SIGNING_KEY). inference-service serves only checkpoints it verifies with the public half.
 * No default: the service does not start without a usable key, and says which setting is missing.
 */
@ApplicationScoped
public class CheckpointSigningKey {
    static final String SIGNING_KEY = "tvae.checkpoint.signing-key";

    @ConfigProperty(name = SIGNING_KEY)
    Optional<String> text;

    private volatile PrivateKey key;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        key();
    }

    public PrivateKey key() {
        if (key == null) {
            key = CheckpointSignature.required(text, SIGNING_KEY, "trainer-service signs every checkpoint it publishes; give it"
                    + " the base64 PKCS#8 encoding of an Ed25519 private key", CheckpointSignature::privateKey);
        }
        return key;
    }
}
