package tvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * T5's relative-position bias for causal self-attention: the distance {@code query − key} falls into one of
 * {@code relativeBuckets} buckets (exact for short distances, logarithmic up to {@code relativeMaxDistance}), and each
 * bucket has a learned bias per head. One instance is shared by all decoder layers, as in T5.
 */
final class RelativePositionBias extends ModelBlock {
    private final Parameter table;
    private final int buckets;
    private final int maxDistance;

    RelativePositionBias(TransformerVaeConfig config) {
        table = parameter("table", new NormalInitializer(0.1f), config.relativeBuckets(), config.heads());
        buckets = config.relativeBuckets();
        maxDistance = config.relativeMaxDistance();
    }

    /** Queries at positions firstQuery.., keys at 0..keys-1 -> bias (1, H, Tq, Tk) */
    NDArray forward(ParameterStore ps, NDManager manager, int firstQuery, int queries, int keys) {
        long[] ids = new long[queries * keys];
        for (int q = 0; q < queries; q++) {
            for (int k = 0; k < keys; k++) {
                ids[q * keys + k] = bucket(Math.max(firstQuery + q - k, 0)); // future keys are masked anyway
            }
        }
        NDArray bucketIds = manager.create(ids, new Shape(queries, keys));
        NDArray weights = ps.getValue(table, manager.getDevice(), false);
        NDArray bias = bucketIds.getNDArrayInternal().embedding(bucketIds, weights, SparseFormat.DENSE).singletonOrThrow();
        return bias.transpose(2, 0, 1).expandDims(0);          // (Tq, Tk, H) -> (1, H, Tq, Tk)
    }

    /** T5's unidirectional bucketing of a non-negative distance. */
    int bucket(int distance) {
        int exact = buckets / 2;
        if (distance < exact) {
            return distance;
        }
        int logBucket = exact + (int) (Math.log((double) distance / exact) / Math.log((double) maxDistance / exact) * (buckets - exact));
        return Math.min(logBucket, buckets - 1);
    }
}
