package tvae.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import tvae.events.EventJson;
import tvae.events.TrainingProgress;
import tvae.messaging.KeyedSend;
import tvae.trainer.runs.ProgressSink;

/** Progress events onto vae.training-progress, keyed by run id so a run's events stay in order. */
@ApplicationScoped
public class KafkaProgressSink implements ProgressSink {
    @Inject
    @Channel("training-progress")
    Emitter<byte[]> emitter;

    @Override
    public void publish(TrainingProgress progress) {
        KeyedSend.send(emitter, progress.runId(), EventJson.encode(progress));
    }
}
