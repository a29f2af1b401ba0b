package tvae.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tvae.evaluator.EvaluationService;
import tvae.events.CheckpointPublished;
import tvae.events.ProbeLatents;
import tvae.events.SampleDecoded;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * Every topic the evaluator reads -> {@link EvaluationService}. Blocking and ordered: each channel handles one record
 * at a time on a worker thread, and its acknowledgement follows the method's return (so the database commit).
 */
@ApplicationScoped
public class EvaluatorEventsAdapter {
    @Inject
    EventIntake intake;

    @Inject
    EvaluationService evaluation;

    @Incoming("training-requests")
    @Blocking
    public void trainingRequest(ConsumerRecord<String, byte[]> record) {
        intake.take(record, TrainingRequested.class, evaluation::recordRequest);
    }

    @Incoming("training-progress")
    @Blocking
    public void trainingProgress(ConsumerRecord<String, byte[]> record) {
        intake.take(record, TrainingProgress.class, evaluation::recordProgress);
    }

    @Incoming("checkpoints")
    @Blocking
    public void checkpoint(ConsumerRecord<String, byte[]> record) {
        intake.take(record, CheckpointPublished.class, evaluation::recordCheckpoint);
    }

    @Incoming("samples")
    @Blocking
    public void sample(ConsumerRecord<String, byte[]> record) {
        intake.take(record, SampleDecoded.class, evaluation::recordSample);
    }

    @Incoming("probe-latents")
    @Blocking
    public void probeLatents(ConsumerRecord<String, byte[]> record) {
        intake.take(record, ProbeLatents.class, evaluation::recordProbe);
    }
}
