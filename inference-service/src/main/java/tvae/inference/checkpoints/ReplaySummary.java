package tvae.inference.checkpoints;

/**
 * What the last start-up replay of the checkpoint topics did ({@link ReplayPlan}): the work it did grows with the
 * checkpoints the cache keeps, not with the history on the topics.
 * @param announcements          valid announcements on vae.checkpoints
 * @param kept                   checkpoints kept (the rest were superseded)
 * @param reusedFromDisk         of them, those whose verified file was still in the local cache: their chunks not read
 * @param chunkRecordsSkipped    chunk records older than the oldest kept announcement, never read
 * @param chunkRecordsPassedOver chunk records read but belonging to a superseded checkpoint, never written to disk
 */
public record ReplaySummary(int announcements, int kept, int reusedFromDisk, long chunkRecordsSkipped,
                            long chunkRecordsPassedOver) {
}
