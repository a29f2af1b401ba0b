package tvae.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Walks the training items in a fresh shuffled order every epoch. The order of epoch {@code e} depends only on
 * (seed, e), so the position (epoch, index) is the whole state: a checkpoint saves it and a resumed run sees the same
 * batches the uninterrupted one would have.
 */
final class DataCursor implements BatchSource {
    private final long seed;
    private final int size;
    private long epoch;
    private int index;
    private int[] order;

    DataCursor(long seed, int size, long epoch, int index) {
        if (size <= 0) {
            throw new IllegalArgumentException("no training items");
        }
        this.seed = seed;
        this.size = size;
        this.epoch = epoch;
        this.index = index;
        this.order = shuffled(epoch);
    }

    /** The item indices of the next batch, wrapping into the next epoch when this one runs out. */
    @Override
    public List<Integer> next(int batchSize) {
        List<Integer> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize) {
            if (index == size) {
                epoch++;
                index = 0;
                order = shuffled(epoch);
            }
            batch.add(order[index++]);
        }
        return batch;
    }

    @Override
    public void savePosition(ObjectNode trainerState) {
        trainerState.put("epoch", epoch);
        trainerState.put("index", index);
        trainerState.put("trainItems", size);
    }

    long epoch() {
        return epoch;
    }

    int index() {
        return index;
    }

    int size() {
        return size;
    }

    private int[] shuffled(long e) {
        int[] o = new int[size];
        for (int i = 0; i < size; i++) {
            o[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }
}
