-- Which trainer of the pool reported each progress event and made each checkpoint (TrainingProgress.trainer,
-- CheckpointPublished.trainer); runs.trainer is the trainer of the run's newest progress event. NULL where the
-- event did not say (events from before the pool).
ALTER TABLE training_progress ADD COLUMN trainer text;
ALTER TABLE checkpoints ADD COLUMN trainer text;
ALTER TABLE runs ADD COLUMN trainer text;

-- run_summary, which shows runs.trainer, is in R__dashboard_views.sql.
