package tvae.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.events.CheckpointPublished;

/** "Latest" and retention read the signed manifest (step, createdAt), never the announcement's timestamp. */
class ServingSelectionTest {
    private static final Instant FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @Test
    void anAnnouncementDatedInTheFutureDoesNotMakeACheckpointTheLatest() {
        CheckpointPublished served = checkpoint("a-3", "a", 3, "2026-01-02T00:00:00Z", Instant.now());
        CheckpointPublished olderRunFutureDate = checkpoint("b-2", "b", 2, "2026-01-01T00:00:00Z", FUTURE);
        CheckpointPublished lowerStepFutureDate = checkpoint("a-1", "a", 1, "2026-01-03T00:00:00Z", FUTURE);
        assertEquals("a-3", ServingSelection.LATEST.choose(List.of(served, olderRunFutureDate, lowerStepFutureDate))
                .orElseThrow().checkpointId());
    }

    @Test
    void theHighestStepOfARunWinsAndAReplayOfItUnderAnotherIdDoesNotTakeOver() {
        CheckpointPublished step5 = checkpoint("a-5", "a", 5, "2026-01-01T00:00:00Z", Instant.now());
        CheckpointPublished replayOfStep5 = checkpoint("a-5-again", "a", 5, "2026-01-01T00:00:00Z", FUTURE);
        CheckpointPublished step4 = checkpoint("a-4", "a", 4, "2026-01-01T00:00:01Z", Instant.now());
        assertEquals("a-5", ServingSelection.LATEST.choose(List.of(step5, step4, replayOfStep5)).orElseThrow().checkpointId());
        assertEquals("b-1", ServingSelection.LATEST.choose(List.of(step5,
                checkpoint("b-1", "b", 1, "2026-01-05T00:00:00Z", Instant.EPOCH))).orElseThrow().checkpointId());
    }

    @Test
    void retentionKeepsTheNewestOfEachRunAndTheServedOne() {
        List<CheckpointPublished> all = List.of(checkpoint("a-1", "a", 1, "2026-01-01T00:00:00Z", FUTURE),
                checkpoint("a-2", "a", 2, "2026-01-01T00:00:01Z", Instant.now()),
                checkpoint("a-3", "a", 3, "2026-01-01T00:00:02Z", Instant.now()),
                checkpoint("b-1", "b", 1, "2026-01-01T00:00:00Z", Instant.now()));
        assertEquals(List.of("a-1"), ids(new CheckpointRetention(2).surplus(all, c -> c, null)));
        assertEquals(List.of("a-2"), ids(new CheckpointRetention(1).surplus(all, c -> c, "a-1")));
    }

    private static List<String> ids(List<CheckpointPublished> checkpoints) {
        return checkpoints.stream().map(CheckpointPublished::checkpointId).toList();
    }

    private static CheckpointPublished checkpoint(String id, String run, long step, String createdAt, Instant announced) {
        var manifest = JsonNodeFactory.instance.objectNode().put("runId", run).put("step", step).put("createdAt", createdAt);
        return new CheckpointPublished(1, CheckpointPublished.TYPE, id, announced, id, run, step, manifest, 1, 1, "00".repeat(32), null);
    }
}
