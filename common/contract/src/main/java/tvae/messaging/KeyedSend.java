package tvae.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends a keyed record and tells when the broker has it, so an input is acknowledged only after its output. */
public final class KeyedSend {
    private KeyedSend() {
    }

    public static CompletionStage<Void> send(Emitter<byte[]> emitter, String key, byte[] value) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            emitter.send(Message.of(value)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                    .withAck(() -> {
                        sent.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        sent.completeExceptionally(e);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException refusedAtOnce) { // a cancelled channel, an overflowing buffer: fail the stage, not the caller
            sent.completeExceptionally(refusedAtOnce);
        }
        return sent;
    }
}
