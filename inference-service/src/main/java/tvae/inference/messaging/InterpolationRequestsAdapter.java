package tvae.inference.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.InvalidEventException;
import tvae.inference.serving.CheckpointNotServedException;
import tvae.inference.serving.DeviceBusyException;
import tvae.inference.serving.DeviceQueue;
import tvae.inference.serving.InferenceService;
import tvae.inference.serving.NoModelException;
import tvae.messaging.DeadLetterPublisher;
import tvae.messaging.KeyedSend;

/** vae.interpolation-requests -> {@link InferenceService} -> vae.interpolation-results, keyed by request id. */
@ApplicationScoped
public class InterpolationRequestsAdapter {
    @Inject
    InferenceService inference;

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

    /**
     * Decoding runs on the worker pool of this channel, never the Kafka poll loop, at most
     * {@code tvae.device-queue.kafka-in-flight} requests at a time (the rest wait in the broker); unordered so concurrent
     * requests can share a batch. A request the service will not run (over a limit, no model, the device busy past
     * {@code tvae.device-queue.kafka-timeout-ms}) is answered on the results topic, where its caller waits; a record that
     * is no request, or a failure past validation, is dead-lettered.
     */
    @Incoming("interpolation-requests")
    @Blocking(value = "interpolation-requests", ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return deadLetters.guard(message, m -> {
            InterpolationRequested request = EventJson.decode(m.getPayload(), InterpolationRequested.class);
            InterpolationResult result;
            try {
                result = inference.interpolate(request, DeviceQueue.Caller.KAFKA);
            } catch (InvalidEventException | DeviceBusyException | NoModelException notRun) {
                result = InterpolationResult.failed(request.requestId(), null, notRun.getMessage());
            } catch (CheckpointNotServedException otherServed) {
                result = InterpolationResult.failed(request.requestId(), otherServed.served(), otherServed.getMessage());
            }
            return KeyedSend.send(results, result.requestId(), EventJson.encode(result)).thenCompose(x -> m.ack());
        });
    }
}
