package tvae.evaluator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tvae.deploy.LocalStackTestResource;

/** The test's own look into the real database: plain JDBC, as a psql user would. */
final class EvaluationDatabase {
    static final List<String> TABLES = List.of("runs", "training_progress", "checkpoints", "samples", "probe_results", "probe_parts");

    private EvaluationDatabase() {
    }

    static Connection connect() throws SQLException {
        return LocalStackTestResource.stack().postgres().connect();
    }

    /**
     * A checkpoint row written directly, for view tests whose checkpoint's other events do not matter: the summaries
     * are read from the checkpoints table.
     */
    static void insertCheckpoint(String checkpointId, String runId) throws SQLException {
        try (Connection c = connect(); var insert = c.prepareStatement("""
                INSERT INTO checkpoints (checkpoint_id, run_id, step, manifest, size_bytes, sha256, published_at)
                VALUES (?, ?, 100, '{}'::jsonb, 1, 'x', now()) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, checkpointId);
            insert.setString(2, runId);
            insert.executeUpdate();
        }
    }

    static long count(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new TreeMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnLabel(col), rs.getObject(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row of every table, in a stable order, as text: two snapshots are equal iff nothing changed. */
    static Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : TABLES) {
            tables.put(table, rows("SELECT t::text AS row FROM " + table + " t ORDER BY 1").stream()
                    .map(r -> (String) r.get("row")).toList());
        }
        return tables;
    }
}
