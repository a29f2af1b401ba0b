package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/**
 * The digit views' arithmetic on judged points written by hand (no judge involved): which paths run from A's digit to
 * B's without detours, and the plausible share of inner points, each answer worked out below.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DigitPathsViewTest {
    private static final String CHECKPOINT = "paths-ck";
    private static final double[] RATIOS = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    @BeforeAll
    static void writePaths() throws SQLException {
        EvaluationDatabase.insertCheckpoint(CHECKPOINT, "paths-run");
        try (Connection c = EvaluationDatabase.connect()) {
            // pair "clean": 3 3 3 3 3 8 8 8 8 8 8 from 3 to 8: no detours
            path(c, "clean", 3, 8, "3 3 3 3 3 8 8 8 8 8 8");
            // pair "back": 3 8 3 ... goes back to A after reaching B: a detour
            path(c, "back", 3, 8, "3 3 8 3 3 8 8 8 8 8 8");
            // pair "stranger": a 5 on the way: a detour
            path(c, "stranger", 3, 8, "3 3 3 3 5 8 8 8 8 8 8");
            // pair "same": both ends a 1, every point a 1: no detours
            path(c, "same", 1, 1, "1 1 1 1 1 1 1 1 1 1 1");
            // pair "never-arrives": 3 all the way to B, which is an 8: a detour (B's digit never reached)
            path(c, "never-arrives", 3, 8, "3 3 3 3 3 3 3 3 3 3 3");
        }
    }

    @Test
    void aPathHasNoDetoursWhenItsDigitsAreAsThenBsAndNothingElse() {
        Map<String, Boolean> detourFree = EvaluationDatabase.rows("SELECT pair_id, without_detours FROM digit_paths WHERE checkpoint_id = ?",
                CHECKPOINT).stream().collect(Collectors.toMap(r -> (String) r.get("pair_id"), r -> (Boolean) r.get("without_detours")));
        assertEquals(Map.of("clean", true, "back", false, "stranger", false, "same", true, "never-arrives", false), detourFree);
        assertEquals("3 3 8 3 3 8 8 8 8 8 8", EvaluationDatabase.rows(
                "SELECT judged_digits FROM digit_paths WHERE pair_id = 'back'").get(0).get("judged_digits"));
    }

    @Test
    void theCheckpointSummaryCountsPlausibleInnerPointsAndDetourFreePaths() {
        Map<String, Object> summary = EvaluationDatabase.rows("SELECT * FROM checkpoint_summary WHERE checkpoint_id = ?",
                CHECKPOINT).get(0);
        // 2 of the 5 paths are detour-free.
        assertEquals(2.0 / 5, ((BigDecimal) summary.get("digit_paths_without_detours")).doubleValue(), 1e-9);
        // Inner points (ratios 0.1..0.9): 9 per pair, 45 in all; implausible ones are set by plausibleness() below:
        // pair "back" has 2 implausible inner points and "stranger" 1, so 42 of 45 are plausible.
        assertEquals(42.0 / 45, ((BigDecimal) summary.get("digit_plausible_share")).doubleValue(), 1e-9);
        assertEquals(7.0 / 9, ((BigDecimal) EvaluationDatabase.rows(
                "SELECT plausible_inner_share FROM digit_paths WHERE pair_id = 'back'").get(0).get("plausible_inner_share")).doubleValue(), 1e-9);
    }

    /** Writes one pair's 11 judged points, every one plausible except where {@link #plausibleness} says. */
    private static void path(Connection c, String pair, int from, int to, String digits) throws SQLException {
        String[] judged = digits.split(" ");
        boolean[] isPlausible = plausibleness(pair);
        for (int i = 0; i < RATIOS.length; i++) {
            try (PreparedStatement sample = c.prepareStatement("""
                    INSERT INTO samples (sample_id, checkpoint_id, run_id, dataset, kind, ratio, pair_id, text, decoded_at,
                        judged_digit, digit_confidence, digit_plausible, from_digit, to_digit)
                    VALUES (?, ?, 'paths-run', 'mnist', 'INTERPOLATION', ?, ?, '', ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                sample.setString(1, pair + "/" + RATIOS[i]);
                sample.setString(2, CHECKPOINT);
                sample.setDouble(3, RATIOS[i]);
                sample.setString(4, pair);
                sample.setTimestamp(5, Timestamp.from(Instant.now()));
                sample.setInt(6, Integer.parseInt(judged[i]));
                sample.setDouble(7, isPlausible[i] ? 0.95 : 0.5);
                sample.setBoolean(8, isPlausible[i]);
                sample.setInt(9, from);
                sample.setInt(10, to);
                sample.executeUpdate();
            }
        }
    }

    /** "back" is implausible at ratios 0.2 and 0.3, "stranger" at 0.4 and at the end 1.0 (not an inner point). */
    private static boolean[] plausibleness(String pair) {
        boolean[] plausible = new boolean[RATIOS.length];
        java.util.Arrays.fill(plausible, true);
        switch (pair) {
            case "back" -> { plausible[2] = false; plausible[3] = false; }
            case "stranger" -> { plausible[4] = false; plausible[10] = false; }
            default -> { }
        }
        return plausible;
    }
}
