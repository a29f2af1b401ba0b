package tvae.evaluator.judging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.judge.DigitJudge;

/**
 * The evaluator's one digit judge, loaded from {@code tvae.data-cache}/digit-judge on the first digit sample and
 * trained there first if no run of this machine has (about a minute on two cores, logged as it goes). Loading waits
 * on the consumer's thread: the samples behind it are held, not lost.
 */
@ApplicationScoped
public class DigitJudgeProvider {
    private static final Logger LOG = Logger.getLogger(DigitJudgeProvider.class);

    @ConfigProperty(name = "tvae.data-cache")
    Path dataCache;

    private DigitJudge judge;

    public synchronized DigitJudge judge() throws IOException {
        if (judge == null) {
            PreparationProgress progress = PreparationProgress.throttled(10_000_000_000L,
                    (stage, done, total) -> LOG.info(PreparationProgress.describe(stage, done, total)));
            judge = DigitJudge.loadOrTrain(dataCache.resolve("digit-judge"), OfficialMnist.locate(), progress);
            LOG.infof("digit judge %s ready", judge.id());
        }
        return judge;
    }

    @PreDestroy
    synchronized void close() {
        if (judge != null) {
            judge.close();
        }
    }
}
