package tvae.inference.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import tvae.events.EventJson;
import tvae.events.ProbeLatents;
import tvae.inference.evaluation.ProbeLatentsSink;
import tvae.messaging.KeyedSend;

/** The probe set's latent codes onto vae.probe-latents, keyed by checkpoint (one event per checkpoint). */
@ApplicationScoped
public class KafkaProbeLatentsSink implements ProbeLatentsSink {
    @Inject
    @Channel("probe-latents")
    Emitter<byte[]> emitter;

    @Override
    public void publish(ProbeLatents latents) {
        KeyedSend.send(emitter, latents.checkpointId(), EventJson.encode(latents));
    }
}
