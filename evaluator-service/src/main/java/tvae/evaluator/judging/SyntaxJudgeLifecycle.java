package tvae.evaluator.judging;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxCheckerConfig;

/** Starts the CPython syntax workers with the service (failing its start when python3 is missing) and stops them with it. */
@ApplicationScoped
public class SyntaxJudgeLifecycle {
    @ConfigProperty(name = "tvae.syntax.python")
    String python;

    @ConfigProperty(name = "tvae.syntax.workers")
    int workers;

    @Produces
    @Singleton
    @Startup
    PythonSyntaxChecker checker() {
        try {
            return PythonSyntaxChecker.start(SyntaxCheckerConfig.defaults().withPython(python).withWorkers(workers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(@Disposes PythonSyntaxChecker checker) {
        checker.close();
    }
}
