package tvae.evaluator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;
import tvae.events.EventJson;

/**
 * The dashboard's reads: each one a query on a documented SQL view, returned row by row with the view's column names,
 * so the REST answer, the page and a psql user all see the same numbers.
 */
@ApplicationScoped
public class DashboardQueries {
    /** Learnt edits shown per label pair and decoding. */
    static final int EDIT_EXAMPLES = 3;

    @Inject
    DataSource dataSource;

    public List<Map<String, Object>> runs() {
        return rows("SELECT * FROM run_summary ORDER BY run_id");
    }

    public List<Map<String, Object>> runSummary(String runId) {
        return rows("SELECT * FROM run_summary WHERE run_id = ?", runId);
    }

    public List<Map<String, Object>> curve(String runId) {
        return rows("SELECT * FROM loss_curve WHERE run_id = ? ORDER BY step, reported_at", runId);
    }

    public List<Map<String, Object>> checkpoints(String runId) {
        return rows("SELECT * FROM checkpoint_summary WHERE run_id = ? ORDER BY step, published_at", runId);
    }

    public List<Map<String, Object>> validityByRatio(String runId) {
        return rows("""
                SELECT v.* FROM validity_by_ratio v JOIN checkpoints c USING (checkpoint_id)
                WHERE v.run_id = ? ORDER BY c.step, v.ratio""", runId);
    }

    /**
     * One table per interpolated pair: its two ends, then every ratio's decoded sequence and verdict in ratio order;
     * a digit pair also carries its path as the digit judge sees it (digit_paths).
     */
    public List<Map<String, Object>> interpolationTables(String checkpointId) {
        Map<String, Map<String, Object>> pairs = new LinkedHashMap<>();
        for (Map<String, Object> row : rows("SELECT * FROM interpolation_table WHERE checkpoint_id = ? ORDER BY pair_id, ratio", checkpointId)) {
            Map<String, Object> pair = pairs.computeIfAbsent(String.valueOf(row.get("pair_id")), id -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("pair_id", id);
                p.put("dataset", row.get("dataset"));
                p.put("input_a", row.get("input_a"));
                p.put("input_b", row.get("input_b"));
                p.put("points", new ArrayList<Map<String, Object>>());
                return p;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> points = (List<Map<String, Object>>) pair.get("points");
            points.add(columns(row, "ratio", "text", "verdict", "valid", "validity_error", "judged_digit",
                    "digit_confidence", "digit_plausible"));
        }
        for (Map<String, Object> path : rows("SELECT * FROM digit_paths WHERE checkpoint_id = ?", checkpointId)) {
            Map<String, Object> pair = pairs.get(String.valueOf(path.get("pair_id")));
            if (pair != null) {
                pair.putAll(columns(path, "from_digit", "to_digit", "judged_digits", "plausible_inner_share", "without_detours"));
            }
        }
        return List.copyOf(pairs.values());
    }

    /**
     * One entry per edited label pair (from, to): the learnt and the random direction's counts from edit_success under
     * "learned" and "random" (greedy decoding) and "guided_learned" and "guided_random" (syntax-guided, where the
     * dataset has it), and the first {@link #EDIT_EXAMPLES} learnt edits of each decoding with the judge's verdict as
     * "examples".
     */
    public List<Map<String, Object>> edits(String checkpointId) {
        Map<String, Map<String, Object>> pairs = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(
                "SELECT * FROM edit_success WHERE checkpoint_id = ? ORDER BY edit_from, edit_to, edit_direction, decoding",
                checkpointId)) {
            String guided = "GUIDED".equals(row.get("decoding")) ? "guided_" : "";
            editPair(pairs, row).put(guided + String.valueOf(row.get("edit_direction")).toLowerCase(Locale.ROOT),
                    columns(row, "edits", "reached", "success_share", "kept_source", "reached_keeping_names"));
        }
        for (Map<String, Object> row : rows("""
                SELECT * FROM (SELECT e.*, row_number() OVER (PARTITION BY edit_from, edit_to, decoding ORDER BY sample_id) AS n
                               FROM edit_outcomes e WHERE checkpoint_id = ? AND edit_direction = 'LEARNED') first_edits
                WHERE n <= ? ORDER BY edit_from, edit_to, decoding, sample_id""", checkpointId, EDIT_EXAMPLES)) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> examples = (List<Map<String, Object>>) editPair(pairs, row).get("examples");
            examples.add(columns(row, "input", "text", "judged_label", "reached_target", "decoding"));
        }
        return List.copyOf(pairs.values());
    }

    private static Map<String, Object> editPair(Map<String, Map<String, Object>> pairs, Map<String, Object> row) {
        return pairs.computeIfAbsent(row.get("edit_from") + "\n" + row.get("edit_to"), key -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("dataset", row.get("dataset"));
            pair.put("edit_from", row.get("edit_from"));
            pair.put("edit_to", row.get("edit_to"));
            pair.put("examples", new ArrayList<Map<String, Object>>());
            return pair;
        });
    }

    public List<Map<String, Object>> probeResults(String checkpointId) {
        return rows("SELECT * FROM probe_results WHERE checkpoint_id = ? ORDER BY probe_set, method", checkpointId);
    }

    /** The named columns of a view row, in the order named. */
    private static Map<String, Object> columns(Map<String, Object> row, String... names) {
        Map<String, Object> picked = new LinkedHashMap<>();
        for (String name : names) {
            picked.put(name, row.get(name));
        }
        return picked;
    }

    private List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnLabel(col), plain(rs.getObject(col)));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DashboardUnavailable(e);
        }
    }

    /** JSON-friendly values: shares as doubles, times as ISO-8601, jsonb as JSON. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof PGobject json && json.getValue() != null && json.getType().startsWith("json")) {
            try {
                return EventJson.mapper().readTree(json.getValue());
            } catch (JsonProcessingException e) {
                throw new SQLException("unreadable " + json.getType() + " value", e);
            }
        }
        return value;
    }
}
