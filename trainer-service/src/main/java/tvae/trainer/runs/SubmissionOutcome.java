package tvae.trainer.runs;

/**
 * What POST /runs answers before it hands a run to the pool: accepted, refused because its run id is taken (a
 * conflict), or refused for what it asks (an invalid request).
 */
public record SubmissionOutcome(Kind kind, String runId, String reason) {
    public enum Kind { ACCEPTED, REJECTED, INVALID }

    static SubmissionOutcome accepted(String runId) {
        return new SubmissionOutcome(Kind.ACCEPTED, runId, null);
    }

    static SubmissionOutcome rejected(String runId, String reason) {
        return new SubmissionOutcome(Kind.REJECTED, runId, reason);
    }

    static SubmissionOutcome invalid(String runId, String reason) {
        return new SubmissionOutcome(Kind.INVALID, runId, reason);
    }
}
