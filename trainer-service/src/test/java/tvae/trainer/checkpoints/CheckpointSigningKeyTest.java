package tvae.trainer.checkpoints;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secure by default: without a usable signing key the trainer does not start, and the message names the setting. */
class CheckpointSigningKeyTest {
    @Test
    void refusesToStartWithoutASigningKey() {
        CheckpointSigningKey key = new CheckpointSigningKey();
        key.text = Optional.empty();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> key.onStart(null));
        assertTrue(e.getMessage().startsWith("tvae.checkpoint.signing-key (environment TVAE_CHECKPOINT_SIGNING_KEY) is not set"),
                e.getMessage());
    }

    @Test
    void refusesToStartWithAPublicKeyInPlaceOfThePrivateOne() {
        CheckpointSigningKey key = new CheckpointSigningKey();
        key.text = Optional.of("MCowBQYDK2VwAyEAcwDc1MhlLGpIHL0RHhslZgHcZwo+WLbYOBBN5rGGBmk=");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> key.onStart(null));
        assertTrue(e.getMessage().startsWith("tvae.checkpoint.signing-key is not an Ed25519 private key"), e.getMessage());
    }
}
