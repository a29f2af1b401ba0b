-- The evaluator's store (design §4). Every table is keyed by the id its event carries, so a replayed event is an
-- upsert that changes nothing.

CREATE TABLE runs (
    run_id          text PRIMARY KEY,
    dataset         text NOT NULL,
    preset          text NOT NULL,
    request         jsonb NOT NULL,
    state           text NOT NULL,
    requested_at    timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE training_progress (
    event_id            text PRIMARY KEY,
    run_id              text NOT NULL,
    state               text NOT NULL,
    step                bigint NOT NULL,
    max_steps           bigint NOT NULL,
    reconstruction_loss double precision,
    mmd_loss            double precision,
    losses              jsonb NOT NULL DEFAULT '{}'::jsonb,
    token_accuracy      double precision,
    tokens_per_second   double precision,
    eta_seconds         double precision,
    message             text,
    reported_at         timestamptz NOT NULL
);
CREATE INDEX training_progress_run_step ON training_progress (run_id, step);

CREATE TABLE checkpoints (
    checkpoint_id   text PRIMARY KEY,
    run_id          text NOT NULL,
    step            bigint NOT NULL,
    manifest        jsonb NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          text NOT NULL,
    published_at    timestamptz NOT NULL
);
CREATE INDEX checkpoints_run ON checkpoints (run_id, step);

CREATE TABLE samples (
    sample_id       text PRIMARY KEY,
    checkpoint_id   text NOT NULL,
    run_id          text NOT NULL,
    dataset         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('RECONSTRUCTION', 'INTERPOLATION', 'REQUEST')),
    ratio           double precision CHECK (ratio IS NULL OR (ratio >= 0 AND ratio <= 1)),
    pair_id         text,
    input_a         text,
    input_b         text,
    source          text,
    text            text NOT NULL,
    -- NULL until judged; for python lines: CPython's verdict, for digits: the image is not blank.
    valid           boolean,
    validity_error  text,
    -- Reconstructions only: the decoded text equals the source, and the share of matching characters.
    exact_match     boolean,
    char_accuracy   double precision,
    decoded_at      timestamptz NOT NULL
);
CREATE INDEX samples_checkpoint_kind ON samples (checkpoint_id, kind);

CREATE TABLE probe_results (
    checkpoint_id   text NOT NULL,
    probe_set       text NOT NULL,
    method          text NOT NULL,
    accuracy        double precision NOT NULL CHECK (accuracy >= 0 AND accuracy <= 1),
    train_size      integer NOT NULL,
    test_size       integer NOT NULL,
    classes         integer NOT NULL,
    evaluated_at    timestamptz NOT NULL,
    PRIMARY KEY (checkpoint_id, probe_set, method)
);

-- Views for the dashboard, psql and Grafana.

CREATE VIEW validity_by_ratio AS
SELECT checkpoint_id, run_id, dataset, ratio,
       count(*)                                   AS samples,
       count(*) FILTER (WHERE valid)              AS valid,
       avg(CASE WHEN valid THEN 1.0 ELSE 0.0 END) AS valid_share
FROM samples
WHERE kind = 'INTERPOLATION' AND valid IS NOT NULL
GROUP BY checkpoint_id, run_id, dataset, ratio;

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
         WHERE p.checkpoint_id = c.checkpoint_id AND p.method = 'majority')                    AS probe_majority_baseline
FROM checkpoints c;

CREATE VIEW loss_curve AS
SELECT run_id, step, reconstruction_loss, mmd_loss, token_accuracy, tokens_per_second, reported_at
FROM training_progress
WHERE reconstruction_loss IS NOT NULL;
