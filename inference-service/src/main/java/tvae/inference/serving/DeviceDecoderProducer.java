package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.decode.DecodeBatcher;

/** The service's one device thread: requests and the evaluation suite all run their models through it. */
@ApplicationScoped
public class DeviceDecoderProducer {
    private static final Logger LOG = Logger.getLogger(DeviceDecoderProducer.class);

    @ConfigProperty(name = "tvae.batching.enabled", defaultValue = "true")
    boolean batching;

    @ConfigProperty(name = "tvae.batching.max-rows", defaultValue = "128")
    int maxRows;

    @Inject
    SyntaxJudge syntax;

    /** Guided decoding ({@code strategy: "guided"}) has CPython pick among its candidates ({@link SyntaxJudge}). */
    @Produces
    @ApplicationScoped
    DecodeBatcher decoder() {
        LOG.infof("device decoder: batching %s, at most %d latent points per batch", batching ? "on" : "off", maxRows);
        return new DecodeBatcher(maxRows, batching, syntax);
    }

    void close(@Disposes DecodeBatcher decoder) {
        decoder.close();
    }
}
