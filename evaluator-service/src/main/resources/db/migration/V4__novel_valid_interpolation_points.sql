-- Beside "valid", the seed score's guard against a path that merely snaps from A to B (tvae.quality.JudgedPath):
-- an inner point is novel valid when CPython accepts it and it is neither end of its pair, compared exactly as the
-- seed score compares them. Shares are over the judged points, like valid_share.

-- Every judged interpolation point with its novel-valid verdict: the one place the rule is written.
CREATE VIEW interpolation_verdicts AS
SELECT checkpoint_id, run_id, dataset, pair_id, ratio, valid,
       valid AND text IS DISTINCT FROM input_a AND text IS DISTINCT FROM input_b AS novel_valid
FROM samples
WHERE kind = 'INTERPOLATION' AND valid IS NOT NULL;

CREATE OR REPLACE VIEW validity_by_ratio AS
SELECT checkpoint_id, run_id, dataset, ratio,
       count(*)                                         AS samples,
       count(*) FILTER (WHERE valid)                    AS valid,
       avg(CASE WHEN valid THEN 1.0 ELSE 0.0 END)       AS valid_share,
       count(*) FILTER (WHERE novel_valid)              AS novel_valid,
       avg(CASE WHEN novel_valid THEN 1.0 ELSE 0.0 END) AS novel_valid_share
FROM interpolation_verdicts
GROUP BY checkpoint_id, run_id, dataset, ratio;

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
         WHERE v.checkpoint_id = c.checkpoint_id AND v.ratio > 0 AND v.ratio < 1)               AS interpolation_novel_share
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
       s.interpolation_novel_share
FROM runs r
LEFT JOIN LATERAL (SELECT * FROM checkpoint_summary cs WHERE cs.run_id = r.run_id
                   ORDER BY cs.step DESC, cs.published_at DESC LIMIT 1) s ON true;
