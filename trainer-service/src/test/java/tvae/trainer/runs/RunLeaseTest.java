package tvae.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The zombie race (TrainerZombieIT saw it): a trainer whose run the consumer group gave away finished the step under
 * way, checkpointed it and queued it after the hand-back, so two trainers announced the same step.
 */
class RunLeaseTest {
    @Test
    void aRunHandedBackQueuesNothingMore() throws Exception {
        RunLease lease = new RunLease();
        List<String> outbox = new CopyOnWriteArrayList<>(List.of("step-50"));
        assertTrue(lease.whileHeld(() -> outbox.add("step-100")), "held: it queues");

        assertTrue(lease.handBack("partitions revoked", outbox::clear));
        assertEquals("partitions revoked", lease.handedBack());
        assertEquals(List.of(), outbox, "the hand-back dropped what was queued");

        assertFalse(lease.whileHeld(() -> outbox.add("step-150")), "the step under way ended after the hand-back");
        assertEquals(List.of(), outbox, "and its checkpoint was not queued");
        assertFalse(lease.handBack("trainer stopping", () -> outbox.add("released twice")));
        assertEquals("partitions revoked", lease.handedBack(), "the first reason stays");
        assertEquals(List.of(), outbox);
    }

    @Test
    void aHandBackDuringTheQueueingWaitsForItAndThenDropsWhatItQueued() throws Exception {
        RunLease lease = new RunLease();
        List<String> outbox = new CopyOnWriteArrayList<>();
        CountDownLatch queueing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        CompletableFuture<Boolean> job = CompletableFuture.supplyAsync(() -> {
            try {
                return lease.whileHeld(() -> {
                    queueing.countDown();
                    await(mayFinish);
                    outbox.add("step-100");
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        queueing.await();
        Thread rebalance = new Thread(() -> lease.handBack("partitions revoked", outbox::clear));
        rebalance.start();
        while (rebalance.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait(); // the hand-back is at the lease's lock, held by the queueing
        }
        assertNull(lease.handedBack(), "not given up while the checkpoint is being queued");

        mayFinish.countDown();
        assertTrue(job.get(), "the queueing that began while held finishes");
        rebalance.join();
        assertEquals("partitions revoked", lease.handedBack());
        assertEquals(List.of(), outbox, "the hand-back came after it, so it dropped that checkpoint");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
