package tvae.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The gradients through constants stay right after the JVM has recycled freed direct memory. With DJL's
 * {@code x.mul(3f)} in place of {@link Scalars#times} this gave 1e30 instead of 3 in 10 of 10 tries: the backward
 * pass read the constant from a buffer the garbage collector had freed and handed out again.
 */
class ScalarsTest {
    private static final float[] X = {0.5f, 2f, -1f, 4f};

    @Test
    void timesBackPropagatesTheFactor() throws InterruptedException {
        assertArrayEquals(new float[] {3, 3, 3, 3}, gradientAfterRecycling(x -> Scalars.times(x, 3)), 0f);
    }

    @Test
    void dividedByBackPropagatesTheReciprocal() throws InterruptedException {
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, gradientAfterRecycling(x -> Scalars.dividedBy(x, 4)), 0f);
    }

    @Test
    void overBackPropagatesMinusNumeratorOverSquare() throws InterruptedException {
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = -2 / (X[i] * X[i]);
        }
        assertArrayEquals(expected, gradientAfterRecycling(x -> Scalars.over(2, x)), 1e-6f);
    }

    @Test
    void atLeastPassesGradientOnlyAboveTheFloor() throws InterruptedException {
        assertArrayEquals(new float[] {0, 1, 0, 1}, gradientAfterRecycling(x -> Scalars.atLeast(x, 1)), 0f);
    }

    private static float[] gradientAfterRecycling(UnaryOperator<NDArray> op) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            NDArray y = op.apply(x);
            List<ByteBuffer> reuse = recycleFreedDirectMemory();
            collector.backward(y.sum());
            reuse.clear();
            return x.getGradient().toFloatArray();
        }
    }

    /** Collects garbage so freed direct buffers go back to malloc, then takes small blocks again, filled with 1e30. */
    private static List<ByteBuffer> recycleFreedDirectMemory() throws InterruptedException {
        List<ByteBuffer> taken = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 2000; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                buffer.putFloat(0, 1e30f);
                taken.add(buffer);
            }
        }
        return taken;
    }
}
