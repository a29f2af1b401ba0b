package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.decode.DecodeBatcher;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;
import tvae.syntax.SyntaxFilter;

/** The service's one device thread: requests and the evaluation suite all run their models through it. */
@ApplicationScoped
public class DeviceDecoderProducer {
    private static final Logger LOG = Logger.getLogger(DeviceDecoderProducer.class);

    @ConfigProperty(name = "tvae.batching.enabled", defaultValue = "true")
    boolean batching;

    @ConfigProperty(name = "tvae.batching.max-rows", defaultValue = "128")
    int maxRows;

    @ConfigProperty(name = "tvae.syntax.python", defaultValue = "python3")
    String python;

    @ConfigProperty(name = "tvae.syntax.workers", defaultValue = "1")
    int syntaxWorkers;

    private PythonSyntaxChecker judge;

    /** Guided decoding ({@code strategy: "guided"}) has CPython pick among its candidates; the workers start lazily. */
    @Produces
    @ApplicationScoped
    DecodeBatcher decoder() {
        LOG.infof("device decoder: batching %s, at most %d latent points per batch", batching ? "on" : "off", maxRows);
        return new DecodeBatcher(maxRows, batching, new LazyJudge());
    }

    void close(@Disposes DecodeBatcher decoder) {
        decoder.close();
        synchronized (this) {
            if (judge != null) {
                judge.close();
            }
        }
    }

    /** Starts the CPython workers on the first guided request, so a service that never guides never runs them. */
    private final class LazyJudge implements SyntaxFilter {
        @Override
        public boolean[] accepts(List<String> lines) throws IOException {
            return checker().accepts(lines);
        }

        @Override
        public String identity() {
            try {
                return checker().identity();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private PythonSyntaxChecker checker() throws IOException {
            synchronized (DeviceDecoderProducer.this) {
                if (judge == null) {
                    judge = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython(python).withWorkers(syntaxWorkers));
                }
                return judge;
            }
        }
    }
}
