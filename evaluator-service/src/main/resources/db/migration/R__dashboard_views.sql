-- Every view of the schema, as it is now: Flyway runs this repeatable migration after the versioned ones whenever
-- its text changes, so a view is changed here, in place, not restated in a new versioned migration. The views are
-- dropped and created again in dependency order (a CREATE OR REPLACE could only append columns).
DROP VIEW IF EXISTS run_summary, checkpoint_summary, validity_by_ratio, interpolation_verdicts, interpolation_table,
    digit_paths, loss_curve, edit_success, edit_outcomes CASCADE;

-- Training curves: every progress event with a loss; the research losses (critic, cycle, smoothness) of runs that
-- switch them on, beside the main curve: every loss the event named except the three with columns of their own.
CREATE VIEW loss_curve AS
SELECT run_id, step, reconstruction_loss, mmd_loss, token_accuracy, tokens_per_second, reported_at,
       losses - 'total' - 'reconstruction' - 'mmd' AS research_losses
FROM training_progress
WHERE reconstruction_loss IS NOT NULL;

-- Judged interpolation points (Python lines): the verdict and whether the point is novel valid, i.e. valid and
-- neither end of its pair, as the seed score counts (the one place that rule is written in SQL).
CREATE VIEW interpolation_verdicts AS
SELECT checkpoint_id, run_id, dataset, pair_id, ratio, valid,
       valid AND text IS DISTINCT FROM input_a AND text IS DISTINCT FROM input_b AS novel_valid
FROM samples
WHERE kind = 'INTERPOLATION' AND valid IS NOT NULL;

-- Valid and novel-valid shares of interpolation points by checkpoint and ratio.
CREATE VIEW validity_by_ratio AS
SELECT checkpoint_id, run_id, dataset, ratio,
       count(*)                                         AS samples,
       count(*) FILTER (WHERE valid)                    AS valid,
       avg(CASE WHEN valid THEN 1.0 ELSE 0.0 END)       AS valid_share,
       count(*) FILTER (WHERE novel_valid)              AS novel_valid,
       avg(CASE WHEN novel_valid THEN 1.0 ELSE 0.0 END) AS novel_valid_share
FROM interpolation_verdicts
GROUP BY checkpoint_id, run_id, dataset, ratio;

-- The seed's interpolation table: every ratio of every pair with its decoded sequence, verdict and judged digit.
CREATE VIEW interpolation_table AS
SELECT checkpoint_id, run_id, dataset, pair_id, input_a, input_b, ratio, text, verdict, valid, validity_error, judged_by,
       judged_digit, digit_confidence, digit_plausible
FROM samples
WHERE kind = 'INTERPOLATION';

-- One row per interpolated digit pair. Its path runs without detours when the judged digits, in ratio order, are
-- A's digit then B's digit and nothing else (A A A B B ...; all A when both ends are the same digit), A and B being
-- the judged digits of the pair's two inputs.
CREATE VIEW digit_paths AS
SELECT checkpoint_id, run_id, pair_id,
       min(from_digit)                                                             AS from_digit,
       min(to_digit)                                                               AS to_digit,
       string_agg(judged_digit::text, ' ' ORDER BY ratio)                          AS judged_digits,
       count(*)                                                                    AS points,
       avg(CASE WHEN digit_plausible THEN 1.0 ELSE 0.0 END) FILTER (WHERE ratio > 0 AND ratio < 1)
                                                                                   AS plausible_inner_share,
       bool_and(judged_digit IN (from_digit, to_digit))
         AND bool_or(judged_digit = from_digit) AND bool_or(judged_digit = to_digit)
         AND coalesce(max(ratio) FILTER (WHERE judged_digit = from_digit AND from_digit <> to_digit), -1)
           < coalesce(min(ratio) FILTER (WHERE judged_digit = to_digit AND from_digit <> to_digit), 2)
                                                                                   AS without_detours
FROM samples
WHERE kind = 'INTERPOLATION' AND judged_digit IS NOT NULL
GROUP BY checkpoint_id, run_id, pair_id;

-- Every judged edit sample and whether its decoded output reached the label it was moved towards: for digits, the
-- digit judge sees the target digit and is sure of it (plausible); for Python lines, the line is valid and CPython
-- names the target statement kind. Null when nothing judged it (a judge error, or a dataset without a judge).
-- kept_input_names (Python lines): the output still holds enough of its input's names (tvae.quality.SharedNames),
-- which tells an edit that reached its kind from a new line of that kind; null for digits.
CREATE VIEW edit_outcomes AS
SELECT sample_id, checkpoint_id, run_id, dataset, edit_from, edit_to, edit_direction, edit_strength, decoding,
       input_a AS input, text, coalesce(statement_kind, judged_digit::text) AS judged_label,
       CASE WHEN judged_digit IS NOT NULL THEN digit_plausible AND judged_digit::text = edit_to
            WHEN valid IS NOT NULL THEN valid AND statement_kind IS NOT DISTINCT FROM edit_to
       END AS reached_target,
       edit_kept_input_names AS kept_input_names
FROM samples
WHERE kind = 'EDIT';

-- Edit success per checkpoint, label pair, direction kind and decoding: a learnt direction is worth something when
-- its share is well above the random direction's (same inputs, same length, same decoding). kept_source counts
-- outputs still judged as the input's own label (the edit did not move it far enough); reached_keeping_names the
-- outputs that reached the target and kept their input's names (Python lines).
CREATE VIEW edit_success AS
SELECT checkpoint_id, run_id, dataset, edit_from, edit_to, edit_direction, decoding,
       count(*)                                              AS edits,
       count(*) FILTER (WHERE reached_target)                AS reached,
       avg(CASE WHEN reached_target THEN 1.0 ELSE 0.0 END)   AS success_share,
       count(*) FILTER (WHERE judged_label = edit_from)      AS kept_source,
       count(*) FILTER (WHERE reached_target AND kept_input_names) AS reached_keeping_names
FROM edit_outcomes
WHERE reached_target IS NOT NULL
GROUP BY checkpoint_id, run_id, dataset, edit_from, edit_to, edit_direction, decoding;

-- One checkpoint's numbers: reconstruction, the inner interpolation points' valid and novel shares (Python lines) or
-- plausible share and detour-free paths (digits), the probe and its baselines, edit success over all label pairs
-- (learnt directions, and random ones of the same length as the baseline; decoded greedy, and apart from that
-- syntax-guided; for Python lines also the share that reached the target keeping the input's names), how many edit
-- samples are stored, and how many interpolation points are stored so far (every ratio, ends included: a reader can
-- tell a finished evaluation from one still arriving).
CREATE VIEW checkpoint_summary AS
SELECT c.checkpoint_id, c.run_id, c.step, c.published_at,
       (SELECT avg(CASE WHEN s.exact_match THEN 1.0 ELSE 0.0 END) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'RECONSTRUCTION')                 AS reconstruction_exact,
       (SELECT avg(s.char_accuracy) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'RECONSTRUCTION')                 AS reconstruction_char_accuracy,
       (SELECT avg(CASE WHEN s.valid THEN 1.0 ELSE 0.0 END) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'INTERPOLATION'
           AND s.ratio > 0 AND s.ratio < 1 AND s.valid IS NOT NULL)                             AS interpolation_valid_share,
       (SELECT max(p.accuracy) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'latent-linear-svm')           AS probe_accuracy,
       (SELECT max(p.accuracy) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'bow-tfidf-linear-svm')        AS probe_bow_baseline,
       (SELECT max(p.accuracy) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'majority')                    AS probe_majority_baseline,
       (SELECT max(p.accuracy) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'latent-rbf-svm')              AS probe_rbf_seed_split,
       (SELECT avg(CASE WHEN v.novel_valid THEN 1.0 ELSE 0.0 END) FROM interpolation_verdicts v
         WHERE v.checkpoint_id = c.checkpoint_id AND v.ratio > 0 AND v.ratio < 1)               AS interpolation_novel_share,
       (SELECT count(*) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'INTERPOLATION')                 AS interpolation_points,
       (SELECT max(p.ci_low) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'latent-linear-svm')           AS probe_ci_low,
       (SELECT max(p.ci_high) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'latent-linear-svm')           AS probe_ci_high,
       (SELECT max(p.accuracy) FROM probe_results p
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'pixel-linear-svm')            AS probe_pixel_baseline,
       (SELECT avg(CASE WHEN s.digit_plausible THEN 1.0 ELSE 0.0 END) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'INTERPOLATION'
           AND s.ratio > 0 AND s.ratio < 1 AND s.digit_plausible IS NOT NULL)                  AS digit_plausible_share,
       (SELECT avg(CASE WHEN d.without_detours THEN 1.0 ELSE 0.0 END) FROM digit_paths d
         WHERE d.checkpoint_id = c.checkpoint_id)                                               AS digit_paths_without_detours,
       edits.edit_success, edits.edit_random_baseline, edits.guided_edit_success, edits.guided_edit_random_baseline,
       (SELECT count(*) FROM samples s
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'EDIT')                          AS edit_samples,
       edits.edit_success_keeping_names, edits.edit_random_keeping_names,
       edits.guided_edit_success_keeping_names, edits.guided_edit_random_keeping_names
FROM checkpoints c
LEFT JOIN LATERAL (
    SELECT avg(reached) FILTER (WHERE e.edit_direction = 'LEARNED' AND e.decoding = 'GREEDY') AS edit_success,
           avg(reached) FILTER (WHERE e.edit_direction = 'RANDOM' AND e.decoding = 'GREEDY')  AS edit_random_baseline,
           avg(reached) FILTER (WHERE e.edit_direction = 'LEARNED' AND e.decoding = 'GUIDED') AS guided_edit_success,
           avg(reached) FILTER (WHERE e.edit_direction = 'RANDOM' AND e.decoding = 'GUIDED')  AS guided_edit_random_baseline,
           avg(kept) FILTER (WHERE e.edit_direction = 'LEARNED' AND e.decoding = 'GREEDY')    AS edit_success_keeping_names,
           avg(kept) FILTER (WHERE e.edit_direction = 'RANDOM' AND e.decoding = 'GREEDY')     AS edit_random_keeping_names,
           avg(kept) FILTER (WHERE e.edit_direction = 'LEARNED' AND e.decoding = 'GUIDED')    AS guided_edit_success_keeping_names,
           avg(kept) FILTER (WHERE e.edit_direction = 'RANDOM' AND e.decoding = 'GUIDED')     AS guided_edit_random_keeping_names
    FROM (SELECT edit_direction, decoding, CASE WHEN reached_target THEN 1.0 ELSE 0.0 END AS reached,
                 CASE WHEN kept_input_names IS NULL THEN NULL
                      WHEN reached_target AND kept_input_names THEN 1.0 ELSE 0.0 END AS kept
          FROM edit_outcomes WHERE checkpoint_id = c.checkpoint_id AND reached_target IS NOT NULL) e) edits ON true;

-- What the launcher prints at the end of a run: its newest checkpoint's numbers and the last reported token accuracy.
CREATE VIEW run_summary AS
SELECT r.run_id, r.dataset, r.preset, r.state, r.trainer,
       (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.run_id)                           AS checkpoints,
       (SELECT max(p.step) FROM training_progress p WHERE p.run_id = r.run_id)                  AS last_step,
       (SELECT p.token_accuracy FROM training_progress p
         WHERE p.run_id = r.run_id AND p.token_accuracy IS NOT NULL
         ORDER BY p.step DESC, p.reported_at DESC LIMIT 1)                                      AS training_token_accuracy,
       s.checkpoint_id                                                                          AS latest_checkpoint_id,
       s.step                                                                                   AS latest_checkpoint_step,
       s.reconstruction_exact, s.reconstruction_char_accuracy, s.interpolation_valid_share,
       s.probe_accuracy, s.probe_bow_baseline, s.probe_majority_baseline, s.probe_rbf_seed_split,
       s.interpolation_novel_share, s.interpolation_points,
       s.probe_ci_low, s.probe_ci_high, s.probe_pixel_baseline, s.digit_plausible_share, s.digit_paths_without_detours,
       s.edit_success, s.edit_random_baseline, s.guided_edit_success, s.guided_edit_random_baseline, s.edit_samples,
       s.edit_success_keeping_names, s.edit_random_keeping_names,
       s.guided_edit_success_keeping_names, s.guided_edit_random_keeping_names
FROM runs r
LEFT JOIN LATERAL (SELECT * FROM checkpoint_summary cs WHERE cs.run_id = r.run_id
                   ORDER BY cs.step DESC, cs.published_at DESC LIMIT 1) s ON true;
