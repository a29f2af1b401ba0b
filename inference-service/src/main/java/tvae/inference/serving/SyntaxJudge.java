package tvae.inference.serving;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;
import tvae.syntax.SyntaxFilter;

/**
 * The service's CPython workers ({@code tvae.syntax}), started on first use, so a service that never guides a decoding
 * or labels a Python probe set never runs them: guided decoding picks among its candidates with them, and the
 * evaluation suite labels held-out lines by statement kind.
 */
@ApplicationScoped
public class SyntaxJudge implements SyntaxFilter {
    @ConfigProperty(name = "tvae.syntax.python", defaultValue = "python3")
    String python;

    @ConfigProperty(name = "tvae.syntax.workers", defaultValue = "1")
    int workers;

    private PythonSyntaxChecker checker;

    public synchronized PythonSyntaxChecker checker() {
        if (checker == null) {
            try {
                checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython(python).withWorkers(workers));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the CPython syntax workers (" + python + ")", e);
            }
        }
        return checker;
    }

    @Override
    public boolean[] accepts(List<String> lines) {
        return checker().accepts(lines);
    }

    @Override
    public String identity() {
        return checker().identity();
    }

    @PreDestroy
    synchronized void close() {
        if (checker != null) {
            checker.close();
        }
    }
}
