package tvae.inference.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tvae.decode.DecodeBatcher.Lane;
import tvae.decode.DecodeBatcher;

/**
 * Admission to the one device. HTTP requests go in the device thread's interactive lane (served before queued bulk
 * work), at most {@code http-waiting} at a time; Kafka requests go in the background lane, at most
 * {@code kafka-in-flight} at a time, so a Kafka backlog stays in the broker instead of in front of HTTP users. Each
 * caller waits a bounded time for its answer: then its job is withdrawn and it is told the device is busy.
 */
@ApplicationScoped
public class DeviceQueue {
    /** Who is waiting on the answer. */
    public enum Caller { HTTP, KAFKA }

    @Inject
    DecodeBatcher decoder;

    /** {@code tvae.device-queue.*}, documented in application.properties. */
    @ConfigMapping(prefix = "tvae.device-queue")
    public interface Settings {
        int httpWaiting();

        long httpTimeoutMs();

        @WithName("retry-after-s")
        int retryAfterSeconds();

        int kafkaInFlight();

        long kafkaTimeoutMs();
    }

    @Inject
    Settings settings;

    Semaphore httpPlaces;
    private Semaphore kafkaPlaces;
    private final AtomicLong httpRefused = new AtomicLong();
    private final AtomicLong kafkaTimedOut = new AtomicLong();

    @PostConstruct
    void init() {
        if (settings.httpWaiting() <= 0 || settings.kafkaInFlight() <= 0) {
            throw new IllegalArgumentException("tvae.device-queue.http-waiting and kafka-in-flight must be > 0, were "
                    + settings.httpWaiting() + " and " + settings.kafkaInFlight());
        }
        httpPlaces = new Semaphore(settings.httpWaiting());
        kafkaPlaces = new Semaphore(settings.kafkaInFlight(), true);
    }

    /**
     * Runs {@code work} (a submission to the device thread in the given lane) for the caller and waits for its answer.
     *
     * @throws DeviceBusyException when no place is free or no answer comes in time (the job is then withdrawn)
     */
    public <T> T run(Caller caller, Function<Lane, CompletableFuture<T>> work) {
        long timeoutMs = caller == Caller.HTTP ? settings.httpTimeoutMs() : settings.kafkaTimeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Semaphore places = caller == Caller.HTTP ? httpPlaces : kafkaPlaces;
        if (!admit(caller, places, timeoutMs)) {
            throw busy(caller, caller == Caller.HTTP
                    ? "the device is busy: " + settings.httpWaiting() + " requests already wait for it (tvae.device-queue.http-waiting)"
                    : "the device took no Kafka request within " + timeoutMs + " ms (tvae.device-queue.kafka-timeout-ms)");
        }
        try {
            CompletableFuture<T> answer = work.apply(caller == Caller.HTTP ? Lane.INTERACTIVE : Lane.BACKGROUND);
            try {
                return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                answer.cancel(false);   // a job still queued is dropped unrun; one already decoding finishes unread
                throw busy(caller, "the device gave no answer within " + timeoutMs + " ms (tvae.device-queue."
                        + (caller == Caller.HTTP ? "http" : "kafka") + "-timeout-ms)");
            } catch (InterruptedException e) {
                answer.cancel(false);
                Thread.currentThread().interrupt();
                throw busy(caller, "interrupted while waiting for the device");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;   // a bad request stays a bad request
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        } finally {
            places.release();
        }
    }

    private static boolean admit(Caller caller, Semaphore places, long timeoutMs) {
        if (caller == Caller.HTTP) {
            return places.tryAcquire();   // a person is better served by a quick 503 than by a place in a long line
        }
        try {
            return places.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private DeviceBusyException busy(Caller caller, String reason) {
        (caller == Caller.HTTP ? httpRefused : kafkaTimedOut).incrementAndGet();
        return new DeviceBusyException(reason + "; retry in " + settings.retryAfterSeconds() + " s", settings.retryAfterSeconds());
    }

    /** Kafka requests admitted to the device and not yet answered (at most {@code kafka-in-flight}). */
    public int kafkaInFlight() {
        return settings.kafkaInFlight() - kafkaPlaces.availablePermits();   // the places taken
    }

    /** The share of the device queue Kafka may hold ({@code tvae.device-queue.kafka-in-flight}). */
    public int kafkaShare() {
        return settings.kafkaInFlight();
    }

    /** Requests answered by the device so far: HTTP ones (interactive lane) and Kafka and evaluation ones (background). */
    public long answered(Caller caller) {
        return decoder.answered(caller == Caller.HTTP ? Lane.INTERACTIVE : Lane.BACKGROUND);
    }

    /** Background jobs the device answered while the last answered HTTP request waited for it. */
    public long backgroundAnsweredWhileLastHttpWaited() {
        return decoder.backgroundAnsweredWhileLastInteractiveWaited();
    }

    /** HTTP requests answered 503 because the device was busy. */
    public long httpRefused() {
        return httpRefused.get();
    }

    /** Kafka requests answered with an error because the device was busy. */
    public long kafkaTimedOut() {
        return kafkaTimedOut.get();
    }
}
