package tvae.evaluator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import tvae.evaluator.judging.DigitVerdict;
import tvae.evaluator.judging.JudgedSample;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.events.SampleDecoded;
import tvae.events.SampleEdit;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.probe.ProbeScore;

/**
 * Writes events into the schema, one transaction per event. Every write is keyed by the event's natural id and does
 * nothing when that id is already stored, and every stored value comes from the event itself (its timestamp, not the
 * clock), so replaying an event changes nothing. Each method says whether the event changed anything.
 */
@ApplicationScoped
public class EvaluationRepository {
    @Inject
    DataSource dataSource;

    @FunctionalInterface
    private interface Transaction {
        boolean run(Connection connection) throws SQLException;
    }

    public boolean saveRequest(TrainingRequested request) throws SQLException {
        return inTransaction(c -> update(c, """
                INSERT INTO runs (run_id, dataset, preset, request, requested_at) VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (run_id) DO UPDATE SET dataset = coalesce(runs.dataset, EXCLUDED.dataset),
                    preset = EXCLUDED.preset, request = EXCLUDED.request, requested_at = EXCLUDED.requested_at
                WHERE runs.request IS NULL""",
                request.runId(), request.dataset().kind().wireName(), request.model().preset(),
                EventJson.encodeToString(request), request.timestamp()) > 0);
    }

    /** Stores the progress row; the run's state follows the newest event only, so an old replayed one cannot win. */
    public boolean saveProgress(TrainingProgress progress) throws SQLException {
        return inTransaction(c -> {
            boolean stored = update(c, """
                    INSERT INTO training_progress (event_id, run_id, state, step, max_steps, reconstruction_loss, mmd_loss,
                        losses, token_accuracy, tokens_per_second, eta_seconds, message, trainer, reported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                    progress.eventId(), progress.runId(), progress.state().name(), progress.step(), progress.maxSteps(),
                    progress.losses().get("reconstruction"), progress.losses().get("mmd"), json(progress.losses()),
                    progress.tokenAccuracy(), progress.tokensPerSecond(), progress.etaSeconds(), progress.message(),
                    progress.trainer(), progress.timestamp()) > 0;
            update(c, """
                    INSERT INTO runs (run_id, state, trainer, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (run_id) DO UPDATE SET state = EXCLUDED.state, trainer = EXCLUDED.trainer,
                        updated_at = EXCLUDED.updated_at
                    WHERE runs.updated_at IS NULL OR runs.updated_at < EXCLUDED.updated_at""",
                    progress.runId(), progress.state().name(), progress.trainer(), progress.timestamp());
            return stored;
        });
    }

    public boolean saveCheckpoint(CheckpointPublished checkpoint) throws SQLException {
        return inTransaction(c -> {
            ensureRun(c, checkpoint.runId(), null);
            return update(c, """
                    INSERT INTO checkpoints (checkpoint_id, run_id, step, manifest, size_bytes, sha256, trainer, published_at)
                    VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (checkpoint_id) DO NOTHING""",
                    checkpoint.checkpointId(), checkpoint.runId(), checkpoint.step(), json(checkpoint.manifest()),
                    checkpoint.sizeBytes(), checkpoint.sha256(), checkpoint.trainer(), checkpoint.timestamp()) > 0;
        });
    }

    public boolean isSampleStored(String sampleId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement statement = c.prepareStatement("SELECT 1 FROM samples WHERE sample_id = ?")) {
            statement.setString(1, sampleId);
            return statement.executeQuery().next();
        }
    }

    public boolean saveSample(SampleDecoded sample, JudgedSample judged) throws SQLException {
        DigitVerdict digit = judged.digit();
        SampleEdit edit = sample.edit();
        return inTransaction(c -> {
            ensureRun(c, sample.runId(), sample.dataset());
            return update(c, """
                    INSERT INTO samples (sample_id, checkpoint_id, run_id, dataset, kind, ratio, pair_id, input_a, input_b,
                        source, text, valid, validity_error, verdict, judged_by, exact_match, char_accuracy, decoded_at,
                        judged_digit, digit_confidence, digit_plausible, from_digit, to_digit, statement_kind,
                        edit_from, edit_to, edit_direction, edit_strength, decoding, edit_kept_input_names)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sample_id) DO NOTHING""",
                    sample.sampleId(), sample.checkpointId(), sample.runId(), sample.dataset(), sample.kind().name(),
                    sample.ratio(), sample.pairId(), sample.inputA(), sample.inputB(), sample.source(), sample.text(),
                    judged.valid(), judged.message(), judged.verdict(), judged.judgedBy(), judged.exactMatch(),
                    judged.charAccuracy(), sample.timestamp(),
                    digit == null ? null : digit.digit(), digit == null ? null : digit.confidence(),
                    digit == null ? null : digit.plausible(), digit == null ? null : digit.fromDigit(),
                    digit == null ? null : digit.toDigit(), judged.statementKind(),
                    edit == null ? null : edit.fromLabel(), edit == null ? null : edit.toLabel(),
                    edit == null ? null : edit.direction().name(), edit == null ? null : edit.strength(),
                    sample.decoding().name(), judged.keptInputNames()) > 0;
        });
    }

    public boolean hasProbeResults(String checkpointId, String probeSet) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement statement = c.prepareStatement(
                     "SELECT 1 FROM probe_results WHERE checkpoint_id = ? AND probe_set = ?")) {
            statement.setString(1, checkpointId);
            statement.setString(2, probeSet);
            return statement.executeQuery().next();
        }
    }

    /**
     * All methods of one checkpoint's probe in one transaction, so the dashboard never shows a probe without its
     * baselines; the probe's parts, no longer needed, go in the same transaction.
     */
    public boolean saveProbeScores(String checkpointId, String probeSet, Instant evaluatedAt, List<ProbeScore> scores)
            throws SQLException {
        return inTransaction(c -> {
            int stored = 0;
            for (ProbeScore score : scores) {
                stored += update(c, """
                        INSERT INTO probe_results (checkpoint_id, probe_set, method, accuracy, train_size, test_size, classes,
                            evaluated_at, split, ci_low, ci_high) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (checkpoint_id, probe_set, method) DO NOTHING""",
                        checkpointId, probeSet, score.method(), score.accuracy(), score.trainSize(), score.testSize(),
                        score.classes(), evaluatedAt, score.split(), score.ciLow(), score.ciHigh());
            }
            update(c, "DELETE FROM probe_parts WHERE checkpoint_id = ? AND probe_set = ?", checkpointId, probeSet);
            return stored > 0;
        });
    }

    /**
     * Keeps one part of a probe sent in parts, and returns every item of the probe, in part order, once all its parts
     * are kept; empty while some are still to come. A part kept before (a replay) is not kept twice.
     */
    public Optional<List<ProbeItem>> saveProbePart(ProbeLatents part) throws SQLException {
        List<ProbeItem> all = new ArrayList<>();
        boolean complete = inTransaction(c -> {
            update(c, """
                    INSERT INTO probe_parts (checkpoint_id, probe_set, part, parts, items, received_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (checkpoint_id, probe_set, part) DO NOTHING""",
                    part.checkpointId(), part.probeSet(), part.part(), part.parts(), json(part.items()), part.timestamp());
            // counted first: the kept parts (megabytes of JSON) are read back only once the last one is in
            if (keptParts(c, part) < part.parts()) {
                return false;
            }
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT items FROM probe_parts WHERE checkpoint_id = ? AND probe_set = ? ORDER BY part")) {
                statement.setString(1, part.checkpointId());
                statement.setString(2, part.probeSet());
                ResultSet rows = statement.executeQuery();
                while (rows.next()) {
                    all.addAll(List.of(items(rows.getString(1))));
                }
                return true;
            }
        });
        return complete ? Optional.of(all) : Optional.empty();
    }

    private static int keptParts(Connection c, ProbeLatents part) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(
                "SELECT count(*) FROM probe_parts WHERE checkpoint_id = ? AND probe_set = ?")) {
            statement.setString(1, part.checkpointId());
            statement.setString(2, part.probeSet());
            ResultSet rows = statement.executeQuery();
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A run row exists for everything that names a run, whichever of its events came first. */
    private static void ensureRun(Connection c, String runId, String dataset) throws SQLException {
        update(c, """
                INSERT INTO runs (run_id, dataset) VALUES (?, ?)
                ON CONFLICT (run_id) DO UPDATE SET dataset = EXCLUDED.dataset
                WHERE runs.dataset IS NULL AND EXCLUDED.dataset IS NOT NULL""", runId, dataset);
    }

    private boolean inTransaction(Transaction transaction) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean changed = transaction.run(c);
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the caller retries on a new one
        }
    }

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                bind(statement, i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            statement.setTimestamp(index, Timestamp.from(instant));
        } else {
            statement.setObject(index, value);
        }
    }

    private static ProbeItem[] items(String json) throws SQLException {
        try {
            return EventJson.mapper().readValue(json, ProbeItem[].class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable probe part", e);
        }
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
