package tvae.evaluator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import tvae.evaluator.judging.SampleJudge;
import tvae.evaluator.store.DatabaseOutageRetry;
import tvae.evaluator.store.EvaluationRepository;
import tvae.events.CheckpointPublished;
import tvae.events.InvalidEventException;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.events.SampleDecoded;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;

/**
 * What the evaluator does with each event: judge it, measure it, store it. Every method returns once the event is
 * committed to the database (waiting out a database outage), and returns whether the event changed anything: false
 * for a replay.
 */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    @Inject
    EvaluationRepository repository;

    @Inject
    DatabaseOutageRetry retry;

    @Inject
    SampleJudge judge;

    public boolean recordRequest(TrainingRequested request) {
        return retry.untilCommitted("request of run " + request.runId(), () -> repository.saveRequest(request));
    }

    public boolean recordProgress(TrainingProgress progress) {
        return retry.untilCommitted("progress " + progress.eventId(), () -> repository.saveProgress(progress));
    }

    public boolean recordCheckpoint(CheckpointPublished checkpoint) {
        return retry.untilCommitted("checkpoint " + checkpoint.checkpointId(), () -> repository.saveCheckpoint(checkpoint));
    }

    /** A replayed sample is recognised before it reaches the syntax workers; a new one is judged, then stored. */
    public boolean recordSample(SampleDecoded sample) {
        return retry.untilCommitted("sample " + sample.sampleId(),
                () -> !repository.isSampleStored(sample.sampleId()) && repository.saveSample(sample, judge.judge(sample)));
    }

    /**
     * Probes are measured once per checkpoint and probe set, when all their parts have arrived; the scores are
     * deterministic, so a replay skips the work.
     */
    public boolean recordProbe(ProbeLatents probe) {
        String what = "probe of " + probe.checkpointId();
        if (retry.untilCommitted(what, () -> repository.hasProbeResults(probe.checkpointId(), probe.probeSet()))) {
            return false;
        }
        Optional<List<ProbeItem>> items = probe.partCount() == 1 ? Optional.of(probe.items())
                : retry.untilCommitted(what + " (part " + (probe.part() + 1) + " of " + probe.parts() + ")",
                        () -> repository.saveProbePart(probe));
        if (items.isEmpty()) {
            return true;   // a part kept; the probe is measured when its last part arrives
        }
        long started = System.nanoTime();
        List<ProbeScore> scores;
        try {
            scores = ProbeEvaluation.evaluate(ProbeLatents.of(probe.checkpointId(), probe.runId(), probe.probeSet(), items.get()));
        } catch (InvalidEventException e) {   // parts whose latent widths disagree
            LOG.errorf("probe set %s of %s cannot be measured: %s", probe.probeSet(), probe.checkpointId(), e.getMessage());
            return false;
        }
        if (scores.isEmpty()) {
            LOG.warnf("probe set %s of %s has fewer than two labels or too few items to split: not measured",
                    probe.probeSet(), probe.checkpointId());
            return false;
        }
        LOG.infof("probe of %s (%d items) measured in %.2f s: %s", probe.checkpointId(), items.get().size(),
                (System.nanoTime() - started) / 1e9, scores);
        return retry.untilCommitted(what, () -> repository.saveProbeScores(probe.checkpointId(), probe.probeSet(),
                probe.timestamp(), scores));
    }
}
