package tvae.inference.serving;

import java.util.List;
import java.util.concurrent.CompletionStage;
import tvae.events.SampleDecoded;

/** Where every decoded point goes (vae.samples in production), so the evaluator judges requests and suites alike. */
public interface SampleSink {
    /** Sends the samples; the stage completes when the broker has all of them, or fails with the first refusal. */
    CompletionStage<Void> publish(List<SampleDecoded> samples);
}
