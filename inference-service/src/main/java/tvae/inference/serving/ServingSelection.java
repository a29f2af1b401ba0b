package tvae.inference.serving;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import tvae.events.CheckpointPublished;

/**
 * Which checkpoint to serve: the newest one, or the newest of one pinned run.
 *
 * <p>"Newest" is read only from the signed manifest, never from the announcement's own timestamp (which anyone who can
 * write to the topic sets as they like): within a run the highest step, between runs the one whose newest checkpoint
 * the trainer created last ({@code createdAt}, covered by the signature). A genuine checkpoint re-announced later, or
 * dated in the future, can therefore neither take over nor roll serving back. Ties keep the first that arrived.
 */
public record ServingSelection(String pinnedRunId) {
    public static final ServingSelection LATEST = new ServingSelection(null);

    private static final Comparator<CheckpointPublished> STEP = Comparator.comparingLong(CheckpointFacts::signedStep);
    private static final Comparator<CheckpointPublished> CREATED = Comparator.comparing(CheckpointFacts::createdAt);

    /** From configuration: empty or "latest" serves the newest checkpoint, anything else names the run to pin. */
    public static ServingSelection parse(String text) {
        return text == null || text.isBlank() || text.equals("latest") ? LATEST : new ServingSelection(text.strip());
    }

    public boolean admits(CheckpointPublished checkpoint) {
        return pinnedRunId == null || pinnedRunId.equals(checkpoint.runId());
    }

    /** The checkpoint this selection wants out of those available (in the order they arrived). */
    public Optional<CheckpointPublished> choose(Collection<CheckpointPublished> available) {
        return available.stream().filter(this::admits)
                .collect(Collectors.groupingBy(CheckpointPublished::runId, LinkedHashMap::new,
                        Collectors.reducing(BinaryOperator.maxBy(STEP))))
                .values().stream().flatMap(Optional::stream)
                .reduce(BinaryOperator.maxBy(CREATED));
    }

    public String describe() {
        return pinnedRunId == null ? "latest" : "run " + pinnedRunId;
    }
}
