package tvae.inference.checkpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.inference.serving.CheckpointRetention;

/** The replay's plan from announcements alone, worked out by hand: keep 2 per run, pass over the rest. */
class ReplayPlanTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SHA = "a".repeat(64);
    private long offset;

    @Test
    void keepsTheNewestOfEachRunAndPassesOverTheRestAnnouncementsAndChunksAlike() {
        // run a: steps 1..4 published an hour apart; run b: one checkpoint, published first
        List<ConsumerRecord<String, byte[]>> announcements = new ArrayList<>(List.of(
                announcement("b-1", "b", 1, T0)));
        for (int step = 1; step <= 4; step++) {
            announcements.add(announcement("a-" + step, "a", step, T0.plusSeconds(3600L * step)));
        }
        announcements.add(record(Topics.CHECKPOINTS, "broken", "{".getBytes(StandardCharsets.UTF_8)));

        ReplayPlan plan = ReplayPlan.of(announcements, new CheckpointRetention(2));

        assertFalse(plan.wanted(chunk("a-1")));
        assertFalse(plan.wanted(chunk("a-2")));
        assertFalse(plan.wanted(announcements.get(1)), "a-1's announcement is passed over too");
        assertTrue(plan.wanted(chunk("a-3")) && plan.wanted(chunk("a-4")) && plan.wanted(chunk("b-1")));
        assertTrue(plan.wanted(announcements.get(5)), "a record that does not decode still goes to the intake, to be refused");
        assertTrue(plan.wanted(chunk("never-announced")));
        assertEquals(Optional.of(T0), plan.chunksSince(), "b-1 is kept and is the oldest kept");
        assertEquals(List.of("a-3", "a-4", "b-1"), plan.kept().stream().map(CheckpointPublished::checkpointId).sorted().toList());
        assertEquals(new ReplaySummary(5, 3, 0, 7, 9), plan.summary(7, 9));

        // b-1's file is still in the cache: nothing of it is read, and the chunks start with a-3's hour
        ReplayPlan cached = plan.withComplete(Set.of("b-1"));
        assertFalse(cached.wanted(chunk("b-1")));
        assertTrue(cached.wanted(chunk("a-3")));
        assertEquals(Optional.of(T0.plusSeconds(3 * 3600)), cached.chunksSince());
        assertEquals(new ReplaySummary(5, 3, 1, 0, 0), cached.summary(0, 0));
        assertEquals(Optional.empty(), cached.withComplete(Set.of("a-3", "a-4")).chunksSince(), "all on disk: no chunk to read");
    }

    @Test
    void aCheckpointAnnouncedTwiceCountsOnceAndNothingAnnouncedMeansNothingToRead() {
        List<ConsumerRecord<String, byte[]>> twice = List.of(announcement("a-1", "a", 1, T0),
                announcement("a-2", "a", 2, T0.plusSeconds(60)), announcement("a-2", "a", 2, T0.plusSeconds(60)));
        ReplayPlan plan = ReplayPlan.of(twice, new CheckpointRetention(1));
        assertTrue(plan.wanted(chunk("a-2")));
        assertFalse(plan.wanted(chunk("a-1")));
        assertEquals(Optional.of(T0.plusSeconds(60)), plan.chunksSince());
        assertEquals(2, plan.summary(0, 0).announcements());
        assertEquals(1, plan.summary(0, 0).kept());

        assertEquals(Optional.empty(), ReplayPlan.of(List.of(), new CheckpointRetention(1)).chunksSince());
    }

    private ConsumerRecord<String, byte[]> announcement(String id, String run, long step, Instant at) {
        Event checkpoint = new CheckpointPublished(Event.SCHEMA_VERSION, CheckpointPublished.TYPE, UUID.randomUUID().toString(),
                at, id, run, step, JsonNodeFactory.instance.objectNode().put("step", step), 1, 10, SHA, null);
        return record(Topics.CHECKPOINTS, id, EventJson.encode(checkpoint));
    }

    @Test
    void aWithdrawnCheckpointIsPassedOverAndMakesRoomForTheNextNewest() {
        List<ConsumerRecord<String, byte[]>> announcements = new ArrayList<>();
        for (int step = 1; step <= 3; step++) {
            announcements.add(announcement("a-" + step, "a", step, T0.plusSeconds(60L * step)));
        }
        announcements.add(record(Topics.CHECKPOINTS, "a-3", null));

        ReplayPlan plan = ReplayPlan.of(announcements, new CheckpointRetention(2));

        assertEquals(List.of("a-1", "a-2"), plan.kept().stream().map(CheckpointPublished::checkpointId).toList());
        assertFalse(plan.wanted(chunk("a-3")), "its chunks, if compaction left any yet, are not read");
        assertFalse(plan.wanted(announcements.get(3)), "the tombstone itself goes nowhere");
        assertTrue(plan.wanted(chunk("a-1")));
        assertTrue(plan.wanted(record(Topics.CHECKPOINT_CHUNKS, "a-1", new byte[0])), "a chunk keyed the old way, by checkpoint");
    }

    /** A chunk record as the publisher keys it (checkpoint id and index). */
    private ConsumerRecord<String, byte[]> chunk(String id) {
        return record(Topics.CHECKPOINT_CHUNKS, CheckpointChunk.recordKey(id, 0), new byte[0]);
    }

    private ConsumerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, offset++, key, value);
    }
}
