package tvae.inference.serving;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import tvae.events.CheckpointPublished;

/** Which checkpoint to serve: the newest one published, or the newest of one pinned run. */
public record ServingSelection(String pinnedRunId) {
    public static final ServingSelection LATEST = new ServingSelection(null);

    private static final Comparator<CheckpointPublished> AGE = Comparator.comparing(CheckpointPublished::timestamp)
            .thenComparingLong(CheckpointPublished::step);

    /** From configuration: empty or "latest" serves the newest checkpoint, anything else names the run to pin. */
    public static ServingSelection parse(String text) {
        return text == null || text.isBlank() || text.equals("latest") ? LATEST : new ServingSelection(text.strip());
    }

    public boolean admits(CheckpointPublished checkpoint) {
        return pinnedRunId == null || pinnedRunId.equals(checkpoint.runId());
    }

    /** The checkpoint this selection wants out of those available. */
    public Optional<CheckpointPublished> choose(Collection<CheckpointPublished> available) {
        return available.stream().filter(this::admits).max(AGE);
    }

    public String describe() {
        return pinnedRunId == null ? "latest" : "run " + pinnedRunId;
    }
}
