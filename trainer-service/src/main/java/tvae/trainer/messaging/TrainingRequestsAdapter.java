package tvae.trainer.messaging;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import tvae.events.EventJson;
import tvae.events.TrainingRequested;
import tvae.messaging.DeadLetterPublisher;
import tvae.trainer.runs.TrainingRunService;

/**
 * vae.training-requests -> {@link TrainingRunService}: this trainer's share of the pool's requests. Each is
 * acknowledged (its offset committed) only when its run has ended here, so a trainer that dies or stops leaves its
 * runs to the group; the channel meanwhile goes on to the next request while there is room. Anything unreadable, or
 * that the service fails to take, goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class TrainingRequestsAdapter {
    @Inject
    TrainingRunService runs;

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    private DeadLetterPublisher deadLetters;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "trainer-service");
    }

    @Incoming("training-requests")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return deadLetters.guard(message, m -> {
            TrainingRequested request = EventJson.decode(m.getPayload(), TrainingRequested.class);
            int partition = m.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getPartition)
                    .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
            return runs.room().thenAccept(free -> runs.take(request, partition).thenCompose(ended -> m.ack()));
        });
    }
}
