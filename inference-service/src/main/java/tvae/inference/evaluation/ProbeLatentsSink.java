package tvae.inference.evaluation;

import tvae.events.ProbeLatents;

/** Where the probe set's latent codes go (vae.probe-latents in production), one event per checkpoint. */
public interface ProbeLatentsSink {
    void publish(ProbeLatents latents);
}
