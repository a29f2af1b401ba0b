package tvae.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tvae.decode.DecodeBatcher;
import tvae.decode.DecodeBatcher.Lane;
import tvae.inference.api.DeviceBusyMapper;
import tvae.inference.serving.DeviceQueue.Caller;

/** A device held by other work: callers get a clear refusal in their own terms, and their withdrawn work never runs. */
class DeviceQueueTest {
    @Test
    void anHttpRequestThatGetsNoAnswerInTimeIs503WithRetryAfterAndIsNeverRun() throws Exception {
        try (DecodeBatcher decoder = new DecodeBatcher(8, true)) {
            DeviceQueue queue = queue(decoder, 4, 1);
            CountDownLatch release = occupy(decoder);
            AtomicBoolean ran = new AtomicBoolean();
            DeviceBusyException busy = assertThrows(DeviceBusyException.class,
                    () -> queue.run(Caller.HTTP, lane -> decoder.call(lane, () -> ran.getAndSet(true))));
            assertTrue(busy.getMessage().contains("tvae.device-queue.http-timeout-ms"), busy.getMessage());
            Response response = new DeviceBusyMapper().toResponse(busy);
            assertEquals(503, response.getStatus());
            assertEquals("7", response.getHeaderString("Retry-After"));

            release.countDown();
            // The device is free again; the next caller waits without the 1 ms bound, which would time it out too
            // whenever the machine is slower than 1 ms to answer (the refusal above is what the bound was for).
            queue.settings = new Settings(4, 600_000, 7, 2, 1);
            boolean served = queue.run(Caller.HTTP, lane -> decoder.call(lane, () -> true));
            assertTrue(served);
            assertTrue(!ran.get(), "the withdrawn request ran anyway");
            assertEquals(1, queue.httpRefused());
        }
    }

    @Test
    void httpRequestsOverTheWaitingBoundAreRefusedAtOnce() throws Exception {
        try (DecodeBatcher decoder = new DecodeBatcher(8, true)) {
            DeviceQueue queue = queue(decoder, 1, 1);
            queue.settings = new Settings(1, 600_000, 7, 2, 1);
            CountDownLatch release = occupy(decoder);
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                    () -> queue.run(Caller.HTTP, lane -> decoder.call(lane, () -> true)));
            while (queue.httpPlaces.availablePermits() > 0) {
                Thread.sleep(5);   // until the first request holds the only place
            }
            DeviceBusyException busy = assertThrows(DeviceBusyException.class,
                    () -> queue.run(Caller.HTTP, lane -> decoder.call(lane, () -> true)));
            assertTrue(busy.getMessage().contains("tvae.device-queue.http-waiting"), busy.getMessage());
            release.countDown();
            assertTrue(waiting.get());
        }
    }

    @Test
    void aKafkaRequestWithoutAnAnswerInTimeIsTurnedIntoABusyError() throws Exception {
        try (DecodeBatcher decoder = new DecodeBatcher(8, true)) {
            DeviceQueue queue = queue(decoder, 4, 1);
            CountDownLatch release = occupy(decoder);
            DeviceBusyException busy = assertThrows(DeviceBusyException.class,
                    () -> queue.run(Caller.KAFKA, lane -> decoder.call(lane, () -> true)));
            assertTrue(busy.getMessage().contains("tvae.device-queue.kafka-timeout-ms"), busy.getMessage());
            assertEquals(1, queue.kafkaTimedOut());
            assertEquals(0, queue.kafkaInFlight());
            release.countDown();
        }
    }

    private static DeviceQueue queue(DecodeBatcher decoder, int httpWaiting, long timeoutMs) {
        DeviceQueue queue = new DeviceQueue();
        queue.decoder = decoder;
        queue.settings = new Settings(httpWaiting, timeoutMs, 7, 2, timeoutMs);
        queue.init();
        return queue;
    }

    private record Settings(int httpWaiting, long httpTimeoutMs, int retryAfterSeconds, int kafkaInFlight, long kafkaTimeoutMs)
            implements DeviceQueue.Settings {
    }

    /** Background work that holds the device thread until released; returns once it is on the device. */
    private static CountDownLatch occupy(DecodeBatcher decoder) throws InterruptedException {
        CountDownLatch onDevice = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        decoder.call(Lane.BACKGROUND, () -> {
            onDevice.countDown();
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        onDevice.await();
        return release;
    }
}
