package tvae.inference.checkpoints;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secure by default: without a usable verify key the service does not start, and the message names the setting. */
class CheckpointVerificationKeyTest {
    @Test
    void refusesToStartWithoutAVerifyKey() {
        CheckpointVerification verification = new CheckpointVerification();
        verification.verifyKeyText = Optional.empty();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> verification.onStart(null));
        assertTrue(e.getMessage().startsWith("tvae.checkpoint.verify-key (environment TVAE_CHECKPOINT_VERIFY_KEY) is not set"),
                e.getMessage());
    }

    @Test
    void refusesToStartWithAKeyThatIsNoEd25519PublicKey() {
        CheckpointVerification verification = new CheckpointVerification();
        verification.verifyKeyText = Optional.of("bm90IGEga2V5");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> verification.onStart(null));
        assertTrue(e.getMessage().startsWith("tvae.checkpoint.verify-key is not an Ed25519 public key"), e.getMessage());
    }
}
