-- The research losses (critic, cycle, smoothness) of runs that switch them on, beside the main curve: every loss the
-- progress event named except the three with columns of their own.
CREATE OR REPLACE VIEW loss_curve AS
SELECT run_id, step, reconstruction_loss, mmd_loss, token_accuracy, tokens_per_second, reported_at,
       losses - 'total' - 'reconstruction' - 'mmd' AS research_losses
FROM training_progress
WHERE reconstruction_loss IS NOT NULL;
