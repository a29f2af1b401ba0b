package tvae.inference.serving;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tvae.events.CheckpointPublished;

/** Which verified checkpoints the local cache may let go: all but the newest {@code keepPerRun} of each run and the one served. */
public record CheckpointRetention(int keepPerRun) {
    public CheckpointRetention {
        if (keepPerRun <= 0) {
            throw new IllegalArgumentException("tvae.checkpoint-intake.keep-per-run must be > 0, was " + keepPerRun);
        }
    }

    /** The items (in the order they arrived) beyond what is kept; {@code servedId} (nullable) is always kept. */
    public <T> List<T> surplus(List<T> items, Function<T, CheckpointPublished> checkpoint, String servedId) {
        Map<String, List<T>> byRun = new LinkedHashMap<>();
        items.forEach(item -> byRun.computeIfAbsent(checkpoint.apply(item).runId(), run -> new ArrayList<>()).add(item));
        List<T> surplus = new ArrayList<>();
        for (List<T> run : byRun.values()) {
            List<T> newestFirst = new ArrayList<>(run);
            newestFirst.sort(Comparator.comparingLong((T item) -> CheckpointFacts.signedStep(checkpoint.apply(item))).reversed());
            newestFirst.stream().skip(keepPerRun)
                    .filter(item -> !checkpoint.apply(item).checkpointId().equals(servedId))
                    .forEach(surplus::add);
        }
        return surplus;
    }
}
