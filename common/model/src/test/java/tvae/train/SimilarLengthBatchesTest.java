package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimilarLengthBatchesTest {
    /** Six pools of 16 batches of 10: epochs and pools end together, so each epoch holds every item once. */
    private static final int ITEMS = 960;
    private static final int BATCH = 10;
    private final int[] lengths = new Random(1).ints(ITEMS, 1, 100).toArray();

    @Test
    void everyItemOnceAnEpochInBatchesOfSimilarLength() {
        SimilarLengthBatches source = new SimilarLengthBatches(new DataCursor(7, ITEMS, 0, 0), lengths, 16, 7, BATCH, 0);
        Set<Integer> seen = new HashSet<>();
        double spread = 0;
        for (int b = 0; b < ITEMS / BATCH; b++) {
            List<Integer> batch = source.next(BATCH);
            seen.addAll(batch);
            spread += batch.stream().mapToInt(i -> lengths[i]).max().orElseThrow()
                    - batch.stream().mapToInt(i -> lengths[i]).min().orElseThrow();
        }
        assertEquals(ITEMS, seen.size(), "each item once");
        // Random batches of 10 lengths from 1..99 spread over ~80; sorted pools of 160 leave a few.
        assertTrue(spread / (ITEMS / BATCH) < 15, "mean spread of lengths within a batch: " + spread / (ITEMS / BATCH));
    }

    @Test
    void aSourceRestoredFromItsSavedPositionServesTheSameBatches() {
        SimilarLengthBatches uninterrupted = new SimilarLengthBatches(new DataCursor(7, ITEMS, 0, 0), lengths, 16, 7, BATCH, 0);
        for (int b = 0; b < 37; b++) {     // into the third pool
            uninterrupted.next(BATCH);
        }
        ObjectNode saved = JsonNodeFactory.instance.objectNode();
        uninterrupted.savePosition(saved);
        SimilarLengthBatches resumed = new SimilarLengthBatches(new DataCursor(7, ITEMS, saved.path("epoch").asLong(),
                saved.path("index").asInt()), lengths, 16, 7, BATCH, saved.path("poolServed").asInt());

        List<List<Integer>> expected = new ArrayList<>();
        List<List<Integer>> actual = new ArrayList<>();
        for (int b = 0; b < 150; b++) {    // across pool and epoch boundaries
            expected.add(uninterrupted.next(BATCH));
            actual.add(resumed.next(BATCH));
        }
        assertEquals(expected, actual);
    }
}
