package tvae.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches of lines of similar length, so a batch trimmed to its longest line ({@code TransformerVaeConfig.batchLength})
 * computes little padding: the shuffled order of a {@link DataCursor} is cut into pools of {@code batchesPerPool}
 * batches, each pool sorted by length and cut into batches, and the batches of a pool served in a seeded random order.
 * Every item is still seen once an epoch. The position is the cursor's at the pool's start plus the batches served
 * from it, so a resumed run rebuilds the same pool and goes on where it stopped.
 */
final class SimilarLengthBatches implements BatchSource {
    private final DataCursor cursor;
    private final int[] lengths;
    private final int batchesPerPool;
    private final long seed;
    private List<List<Integer>> pool = List.of();
    private long poolEpoch;
    private int poolIndex;
    private int served;

    /** Starts at the cursor's position; {@code served} batches of the pool starting there are skipped (a resume). */
    SimilarLengthBatches(DataCursor cursor, int[] lengths, int batchesPerPool, long seed, int batchSize, int served) {
        if (batchesPerPool < 2) {
            throw new IllegalArgumentException("a pool needs at least 2 batches, was " + batchesPerPool);
        }
        this.cursor = cursor;
        this.lengths = lengths;
        this.batchesPerPool = batchesPerPool;
        this.seed = seed;
        if (served > 0) {
            fill(batchSize);
            this.served = served;
        }
    }

    @Override
    public List<Integer> next(int batchSize) {
        if (served == pool.size()) {
            fill(batchSize);
        }
        return pool.get(served++);
    }

    @Override
    public void savePosition(ObjectNode trainerState) {
        boolean betweenPools = served == pool.size();   // then the next pool starts where the cursor is now
        trainerState.put("epoch", betweenPools ? cursor.epoch() : poolEpoch);
        trainerState.put("index", betweenPools ? cursor.index() : poolIndex);
        trainerState.put("trainItems", cursor.size());
        trainerState.put("poolServed", betweenPools ? 0 : served);
    }

    private void fill(int batchSize) {
        poolEpoch = cursor.epoch();
        poolIndex = cursor.index();
        List<Integer> items = new ArrayList<>(cursor.next(batchSize * batchesPerPool));
        items.sort(Comparator.comparingInt(i -> lengths[i]));   // stable: equal lengths keep the shuffled order
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += batchSize) {
            batches.add(List.copyOf(items.subList(from, from + batchSize)));
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + poolEpoch * 1_000_003L + poolIndex);
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            List<Integer> t = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, t);
        }
        pool = batches;
        served = 0;
    }
}
