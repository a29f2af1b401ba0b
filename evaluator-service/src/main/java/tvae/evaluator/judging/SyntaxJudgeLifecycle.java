package tvae.evaluator.judging;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;

/** Starts the CPython syntax workers with the service (failing its start when python3 is missing) and stops them with it. */
@ApplicationScoped
public class SyntaxJudgeLifecycle {
    /** {@code tvae.syntax.*}, documented in application.properties. */
    @ConfigMapping(prefix = "tvae.syntax")
    public interface Settings {
        String python();

        int workers();
    }

    @Inject
    Settings settings;

    @Produces
    @Singleton
    @Startup
    PythonSyntaxChecker checker() {
        try {
            return PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython(settings.python())
                    .withWorkers(settings.workers()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(@Disposes PythonSyntaxChecker checker) {
        checker.close();
    }
}
