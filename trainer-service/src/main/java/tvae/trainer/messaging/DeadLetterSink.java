package tvae.trainer.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import tvae.events.DeadLetter;
import tvae.events.EventJson;

/** Refused records go to vae.dead-letter with their original bytes, origin and reason; the consumer keeps going. */
@ApplicationScoped
public class DeadLetterSink {
    private static final Logger LOG = Logger.getLogger(DeadLetterSink.class);
    private static final String CONSUMER = "trainer-service";

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> emitter;

    /** Completes once the broker has the dead letter, so the refused record's offset is committed only after. */
    public CompletionStage<Void> refuse(Message<byte[]> message, String reason) {
        IncomingKafkaRecordMetadata<?, ?> origin = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        String key = origin.getKey() == null ? null : origin.getKey().toString();
        DeadLetter letter = DeadLetter.of(origin.getTopic(), origin.getPartition(), origin.getOffset(), key,
                message.getPayload(), CONSUMER, reason);
        LOG.warnf("dead-lettered %s[%d]@%d: %s", origin.getTopic(), origin.getPartition(), origin.getOffset(), reason);
        OutgoingKafkaRecordMetadata<String> target = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        emitter.send(Message.of(EventJson.encode(letter)).addMetadata(target)
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    sent.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent;
    }
}
