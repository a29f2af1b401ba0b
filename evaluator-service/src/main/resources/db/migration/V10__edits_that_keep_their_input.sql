-- Edits of Python lines: whether the decoded output holds enough of its input's names (tvae.quality.SharedNames.kept),
-- so that an edit reaching its target statement kind is told from a new line of that kind. NULL for other samples
-- and for edits stored before this column. The views that read it are in R__dashboard_views.sql.
ALTER TABLE samples ADD COLUMN edit_kept_input_names boolean;
