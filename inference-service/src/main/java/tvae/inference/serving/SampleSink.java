package tvae.inference.serving;

import java.util.List;
import tvae.events.SampleDecoded;

/** Where every decoded point goes (vae.samples in production), so the evaluator judges requests and suites alike. */
public interface SampleSink {
    void publish(List<SampleDecoded> samples);
}
