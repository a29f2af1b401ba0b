package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tvae.decode.DecodeBatcher.Lane;

/** The device thread's two lanes, with plain tasks (no model): who goes first, and what a cancelled job costs. */
class DecodeBatcherLanesTest {
    @Test
    void interactiveWorkOvertakesQueuedBackgroundWork() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        try (DecodeBatcher batcher = new DecodeBatcher(8, true)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> busy = occupy(batcher, release);
            List<CompletableFuture<Boolean>> bulk = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> batcher.call(Lane.BACKGROUND, () -> order.add("background-" + i))).toList();
            CompletableFuture<Boolean> person = batcher.call(Lane.INTERACTIVE, () -> order.add("interactive"));
            release.countDown();
            busy.get();
            person.get();
            for (CompletableFuture<Boolean> job : bulk) {
                job.get();
            }
            assertEquals("interactive", order.get(0), order.toString());
            assertEquals(List.of("background-0", "background-1", "background-2", "background-3", "background-4"),
                    order.subList(1, order.size()));
            // only the job already on the device was answered while the interactive one waited
            assertEquals(1, batcher.backgroundAnsweredWhileLastInteractiveWaited());
            assertEquals(1, batcher.answered(Lane.INTERACTIVE));
            assertEquals(6, batcher.answered(Lane.BACKGROUND));
        }
    }

    @Test
    void aJobCancelledWhileItWaitsIsNeverRun() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (DecodeBatcher batcher = new DecodeBatcher(8, true)) {
            CountDownLatch release = new CountDownLatch(1);
            occupy(batcher, release);
            CompletableFuture<Boolean> withdrawn = batcher.call(Lane.INTERACTIVE, () -> ran.add("withdrawn"));
            CompletableFuture<Boolean> kept = batcher.call(Lane.INTERACTIVE, () -> ran.add("kept"));
            assertTrue(withdrawn.cancel(false));
            release.countDown();
            kept.get();
            assertEquals(List.of("kept"), ran);
            assertEquals(2, batcher.answered(Lane.INTERACTIVE));
        }
    }

    /** A background job that holds the device thread until released; returns once it is on the device. */
    private static CompletableFuture<Boolean> occupy(DecodeBatcher batcher, CountDownLatch release) throws InterruptedException {
        CountDownLatch onDevice = new CountDownLatch(1);
        CompletableFuture<Boolean> busy = batcher.call(Lane.BACKGROUND, () -> {
            onDevice.countDown();
            return await(release);
        });
        await(onDevice);
        return busy;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
