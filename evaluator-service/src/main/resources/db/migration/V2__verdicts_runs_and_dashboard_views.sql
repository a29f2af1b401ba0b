-- Consumers write what each event knows, in whatever order events arrive: a run can be first seen through a progress
-- event, a checkpoint or a sample, so what only its TrainingRequested knows is nullable.
ALTER TABLE runs ALTER COLUMN dataset DROP NOT NULL,
                 ALTER COLUMN preset DROP NOT NULL,
                 ALTER COLUMN request DROP NOT NULL,
                 ALTER COLUMN state DROP NOT NULL,
                 ALTER COLUMN requested_at DROP NOT NULL,
                 ALTER COLUMN updated_at DROP NOT NULL;

-- The judge's full answer: CPython's verdict (valid / invalid / error = could not decide), its message, and who judged.
-- valid stays the boolean the views count; it is NULL for an error verdict, which is therefore never counted.
ALTER TABLE samples ADD COLUMN verdict text CHECK (verdict IN ('valid', 'invalid', 'error')),
                    ADD COLUMN judged_by text;

-- Which split a probe accuracy was measured on: the stratified split shared by the linear probe and its baselines, or
-- the seed's "first 30 % is the test set" for the RBF probe.
ALTER TABLE probe_results ADD COLUMN split text NOT NULL DEFAULT 'stratified';

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
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'latent-rbf-svm')              AS probe_rbf_seed_split
FROM checkpoints c;

-- What the launcher prints at the end of a run: its newest checkpoint's numbers and the last reported token accuracy.
CREATE VIEW run_summary AS
SELECT r.run_id, r.dataset, r.preset, r.state,
       (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.run_id)                           AS checkpoints,
       (SELECT max(p.step) FROM training_progress p WHERE p.run_id = r.run_id)                  AS last_step,
       (SELECT p.token_accuracy FROM training_progress p
         WHERE p.run_id = r.run_id AND p.token_accuracy IS NOT NULL
         ORDER BY p.step DESC, p.reported_at DESC LIMIT 1)                                      AS training_token_accuracy,
       s.checkpoint_id                                                                          AS latest_checkpoint_id,
       s.step                                                                                   AS latest_checkpoint_step,
       s.reconstruction_exact, s.reconstruction_char_accuracy, s.interpolation_valid_share,
       s.probe_accuracy, s.probe_bow_baseline, s.probe_majority_baseline, s.probe_rbf_seed_split
FROM runs r
LEFT JOIN LATERAL (SELECT * FROM checkpoint_summary cs WHERE cs.run_id = r.run_id
                   ORDER BY cs.step DESC, cs.published_at DESC LIMIT 1) s ON true;

-- The seed's interpolation table: for each pair of a checkpoint, every ratio with its decoded sequence and verdict.
CREATE VIEW interpolation_table AS
SELECT checkpoint_id, run_id, dataset, pair_id, input_a, input_b, ratio, text, verdict, valid, validity_error, judged_by
FROM samples
WHERE kind = 'INTERPOLATION';
