package tvae.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tvae.events.DeadLetter;
import tvae.events.EventJson;

/**
 * Sends a refused Kafka record to vae.dead-letter with its original bytes, origin and reason, so the consumer can
 * acknowledge it and keep going without losing it. Every service's messaging adapters share this one.
 */
public final class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final Emitter<byte[]> emitter;
    private final String consumer;

    /** @param emitter the service's channel bound to vae.dead-letter; @param consumer who refused, e.g. "trainer-service" */
    public DeadLetterPublisher(Emitter<byte[]> emitter, String consumer) {
        this.emitter = emitter;
        this.consumer = consumer;
    }

    /** Completes once the broker has the dead letter: the refused record's offset must be committed only after. */
    public CompletionStage<Void> refuse(Message<byte[]> message, String reason) {
        IncomingKafkaRecordMetadata<?, ?> origin = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        String key = origin.getKey() == null ? null : origin.getKey().toString();
        return refuse(origin.getTopic(), origin.getPartition(), origin.getOffset(), key, message.getPayload(), reason);
    }

    /** The same for a record read by a plain Kafka consumer (e.g. the checkpoint feed). */
    public CompletionStage<Void> refuse(String topic, int partition, long offset, String key, byte[] value, String reason) {
        DeadLetter letter = DeadLetter.of(topic, partition, offset, key, value, consumer, reason);
        LOG.warn("dead-lettered {}[{}]@{}: {}", topic, partition, offset, reason);
        return KeyedSend.send(emitter, key, EventJson.encode(letter));
    }
}
