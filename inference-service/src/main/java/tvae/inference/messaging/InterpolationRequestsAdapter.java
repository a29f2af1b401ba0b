package tvae.inference.messaging;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.InvalidEventException;
import tvae.inference.serving.InterpolationService;
import tvae.messaging.DeadLetterPublisher;
import tvae.messaging.KeyedSend;

/** vae.interpolation-requests -> {@link InterpolationService} -> vae.interpolation-results, keyed by request id. */
@ApplicationScoped
public class InterpolationRequestsAdapter {
    @Inject
    InterpolationService interpolation;

    @Inject
    @Channel("interpolation-results")
    Emitter<byte[]> results;

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    private DeadLetterPublisher deadLetters;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "inference-service");
    }

    /** Decoding runs on a worker thread, never the Kafka poll loop; unordered so concurrent requests can share a batch. */
    @Incoming("interpolation-requests")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        InterpolationRequested request;
        try {
            request = EventJson.decode(message.getPayload(), InterpolationRequested.class);
        } catch (InvalidEventException e) {
            return deadLetters.refuse(message, e.getMessage()).thenCompose(x -> message.ack());
        }
        InterpolationResult result;
        try {
            result = interpolation.interpolate(request);
        } catch (InvalidEventException overALimit) {
            // A well-formed request the service will not run: the caller waits on the results topic, so answer there.
            result = InterpolationResult.failed(request.requestId(), null, overALimit.getMessage());
        }
        return KeyedSend.send(results, result.requestId(), EventJson.encode(result)).thenCompose(x -> message.ack());
    }
}
