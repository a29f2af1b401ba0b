-- Semantic edits (SampleKind.EDIT): an input moved along a direction learnt between two labels, or along a random
-- direction of the same length, then decoded. Each edit sample names what it was asked to become; valid Python lines
-- now also store the kind of statement CPython's parser reports, the label an edited line is judged by (digits
-- already store the digit judge's verdict).
ALTER TABLE samples DROP CONSTRAINT samples_kind_check,
                    ADD CONSTRAINT samples_kind_check CHECK (kind IN ('RECONSTRUCTION', 'INTERPOLATION', 'REQUEST', 'EDIT')),
                    ADD COLUMN statement_kind text,
                    ADD COLUMN edit_from text,
                    ADD COLUMN edit_to text,
                    ADD COLUMN edit_direction text CHECK (edit_direction IN ('LEARNED', 'RANDOM')),
                    ADD COLUMN edit_strength double precision,
                    ADD CONSTRAINT samples_edit_named CHECK ((kind = 'EDIT') = (edit_from IS NOT NULL AND edit_to IS NOT NULL
                        AND edit_direction IS NOT NULL AND edit_strength IS NOT NULL));

-- The views that read these columns (edit_outcomes, edit_success, the summaries) are in R__dashboard_views.sql.
