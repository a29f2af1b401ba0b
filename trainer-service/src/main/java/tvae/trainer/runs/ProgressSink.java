package tvae.trainer.runs;

import tvae.events.TrainingProgress;

/** Where run progress goes (the progress topic in production); keeps the run logic free of Kafka types. */
public interface ProgressSink {
    void publish(TrainingProgress progress);
}
