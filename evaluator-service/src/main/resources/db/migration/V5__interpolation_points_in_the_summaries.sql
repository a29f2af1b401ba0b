-- The shares of checkpoint_summary and run_summary are over the interpolation points stored so far (each is judged as
-- it is stored); beside them, how many that is (every ratio, ends included), so a reader can tell a finished
-- evaluation from one still arriving. The launcher's summary waits for the whole grid.

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
         WHERE s.checkpoint_id = c.checkpoint_id AND s.kind = 'INTERPOLATION')                 AS interpolation_points
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
       s.interpolation_novel_share, s.interpolation_points
FROM runs r
LEFT JOIN LATERAL (SELECT * FROM checkpoint_summary cs WHERE cs.run_id = r.run_id
                   ORDER BY cs.step DESC, cs.published_at DESC LIMIT 1) s ON true;
