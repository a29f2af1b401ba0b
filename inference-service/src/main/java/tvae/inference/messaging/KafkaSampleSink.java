package tvae.inference.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import tvae.events.EventJson;
import tvae.events.SampleDecoded;
import tvae.inference.serving.SampleSink;
import tvae.messaging.KeyedSend;

/**
 * Decoded points onto vae.samples, keyed by checkpoint: a checkpoint's samples share a partition, so evaluator replicas
 * split the work by checkpoint. Replays dedupe on the sampleId inside (deterministic for the evaluation suite).
 */
@ApplicationScoped
public class KafkaSampleSink implements SampleSink {
    @Inject
    @Channel("samples")
    Emitter<byte[]> emitter;

    @Override
    public CompletionStage<Void> publish(List<SampleDecoded> samples) {
        return CompletableFuture.allOf(samples.stream()
                .map(sample -> KeyedSend.send(emitter, sample.checkpointId(), EventJson.encode(sample)).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }
}
