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

-- The views that read these columns are in R__dashboard_views.sql, which from now on holds every view.
