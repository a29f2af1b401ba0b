-- Digits are judged by an independent classifier (tvae.judge.DigitJudge, trained on the official MNIST training
-- digits) instead of "has ink": each digit sample stores the digit the judge sees, how sure it is, and whether that
-- makes it plausible (the threshold lives in Java, DigitJudgement.PLAUSIBLE_CONFIDENCE, and only there); each
-- interpolation point also stores the judged digits of its two ends. The validity columns stay python-only: digit
-- samples stored from now on carry no verdict.
ALTER TABLE samples ADD COLUMN judged_digit smallint CHECK (judged_digit BETWEEN 0 AND 9),
                    ADD COLUMN digit_confidence double precision CHECK (digit_confidence >= 0 AND digit_confidence <= 1),
                    ADD COLUMN digit_plausible boolean,
                    ADD COLUMN from_digit smallint CHECK (from_digit BETWEEN 0 AND 9),
                    ADD COLUMN to_digit smallint CHECK (to_digit BETWEEN 0 AND 9);

-- The 95 % Wilson interval of each probe accuracy over its test items, so two methods can be told apart from noise.
ALTER TABLE probe_results ADD COLUMN ci_low double precision CHECK (ci_low >= 0 AND ci_low <= 1),
                          ADD COLUMN ci_high double precision CHECK (ci_high >= 0 AND ci_high <= 1);

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

CREATE OR REPLACE VIEW interpolation_table AS
SELECT checkpoint_id, run_id, dataset, pair_id, input_a, input_b, ratio, text, verdict, valid, validity_error, judged_by,
       judged_digit, digit_confidence, digit_plausible
FROM samples
WHERE kind = 'INTERPOLATION';

CREATE OR REPLACE VIEW checkpoint_summary AS
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
         WHERE d.checkpoint_id = c.checkpoint_id)                                               AS digit_paths_without_detours
FROM checkpoints c;

CREATE OR REPLACE VIEW run_summary AS
SELECT r.run_id, r.dataset, r.preset, r.state,
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
       s.probe_ci_low, s.probe_ci_high, s.probe_pixel_baseline, s.digit_plausible_share, s.digit_paths_without_detours
FROM runs r
LEFT JOIN LATERAL (SELECT * FROM checkpoint_summary cs WHERE cs.run_id = r.run_id
                   ORDER BY cs.step DESC, cs.published_at DESC LIMIT 1) s ON true;

-- A probe travels in parts (ProbeLatents.part of parts); each part waits here until the last one arrives, then the
-- probe is measured and its parts deleted in the transaction that stores the scores.
CREATE TABLE probe_parts (
    checkpoint_id   text NOT NULL,
    probe_set       text NOT NULL,
    part            integer NOT NULL CHECK (part >= 0),
    parts           integer NOT NULL CHECK (parts >= 1 AND part < parts),
    items           jsonb NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (checkpoint_id, probe_set, part)
);
