-- How each sample was decoded (SampleDecoded.decoding): greedy, sampling, or syntax-guided. Raw and guided outputs are
-- counted apart everywhere; every sample stored before this column existed was decoded greedy.
ALTER TABLE samples ADD COLUMN decoding text NOT NULL DEFAULT 'GREEDY'
    CHECK (decoding IN ('GREEDY', 'SAMPLING', 'GUIDED'));

-- The views that tell decodings apart (edit_outcomes, edit_success, the summaries) are in R__dashboard_views.sql.
