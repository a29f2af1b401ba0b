package tvae.inference.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;
import tvae.syntax.SyntaxFilter;
import tvae.syntax.Verdict;

/**
 * The service's CPython workers ({@code tvae.syntax}), started on first use, so a service that never guides a decoding
 * or labels a Python probe set never runs them: guided decoding prunes its beam and picks among its candidates with them, and the
 * evaluation suite labels held-out lines by statement kind.
 */
@ApplicationScoped
public class SyntaxJudge implements SyntaxFilter {
    /** {@code tvae.syntax.*}: the CPython to run and how many workers. */
    @ConfigMapping(prefix = "tvae.syntax")
    public interface Settings {
        @WithDefault("python3")
        String python();

        @WithDefault("1")
        int workers();
    }

    @Inject
    Settings settings;

    private PythonSyntaxChecker checker;

    public synchronized PythonSyntaxChecker checker() {
        if (checker == null) {
            try {
                checker = PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython(settings.python())
                        .withWorkers(settings.workers()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the CPython syntax workers (" + settings.python() + ")", e);
            }
        }
        return checker;
    }

    @Override
    public boolean[] accepts(List<String> lines) {
        return checker().accepts(lines);
    }

    @Override
    public List<Verdict> checkAll(List<String> lines) {
        return checker().checkAll(lines);
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
