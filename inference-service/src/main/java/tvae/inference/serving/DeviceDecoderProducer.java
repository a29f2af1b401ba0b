package tvae.inference.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import tvae.decode.DecodeBatcher;

/** The service's one device thread: requests and the evaluation suite all run their models through it. */
@ApplicationScoped
public class DeviceDecoderProducer {
    private static final Logger LOG = Logger.getLogger(DeviceDecoderProducer.class);

    /** {@code tvae.batching.*}: requests' latent points decoded together, at most max-rows a batch. */
    @ConfigMapping(prefix = "tvae.batching")
    public interface Settings {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("128")
        int maxRows();
    }

    @Inject
    Settings batching;

    @Inject
    SyntaxJudge syntax;

    /** Guided decoding ({@code strategy: "guided"}) has CPython prune its beam and pick among its candidates ({@link SyntaxJudge}). */
    @Produces
    @ApplicationScoped
    DecodeBatcher decoder() {
        LOG.infof("device decoder: batching %s, at most %d latent points per batch", batching.enabled() ? "on" : "off",
                batching.maxRows());
        return new DecodeBatcher(batching.maxRows(), batching.enabled(), syntax);
    }

    void close(@Disposes DecodeBatcher decoder) {
        decoder.close();
    }
}
