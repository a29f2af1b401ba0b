package tvae.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tvae.deploy.ServiceProcess;

/**
 * A user of the playground: POST /interpolate at a fixed rate, round robin over the inference replicas. A request a
 * replica cannot take (its port is closed, it died mid-answer) is sent to the next replica and counted as retried; a
 * busy device (503 with Retry-After) is asked again after the pause it names. Every answer's points are remembered
 * as the sample ids the evaluator must store (requestId@ratio, as inference names them).
 */
final class FixedRateClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> PAIRS = List.of(new String[] {"x = 1", "return y"},
            new String[] {"for i in range(10):", "print(name)"}, new String[] {"import os", "if a > b:"});

    private final List<ServiceProcess> replicas;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> sampleIds = new LinkedHashSet<>();
    private final Set<String> servedBy = new LinkedHashSet<>();
    private int next;

    FixedRateClient(List<ServiceProcess> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    /** One request every {@code period}; a request still out when the next is due delays it (one at a time). */
    void start(Duration period) {
        clock.scheduleAtFixedRate(this::sendOne, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendOne() {
        int number = sent.incrementAndGet();
        String[] pair = PAIRS.get(number % PAIRS.size());
        String body = JSON.createObjectNode().put("inputA", pair[0]).put("inputB", pair[1]).toString();
        String lastFailure = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            ServiceProcess replica = replicas.get(next++ % replicas.size());
            try {
                HttpResponse<String> response = http.send(replica.request("/interpolate").timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    remember(JSON.readTree(response.body()));
                    return;
                }
                if (response.statusCode() == 503) {
                    busy.incrementAndGet();
                    Thread.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(1));
                    next--; // the same replica again: it is alive, only busy
                    continue;
                }
                lastFailure = replica.url() + " answered " + response.statusCode() + ": " + response.body();
                break;
            } catch (IOException e) {
                retried.incrementAndGet(); // a dead replica's port: the next replica takes it
                lastFailure = replica.url() + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (this) {
            failures.add("request " + number + ": " + lastFailure);
        }
    }

    private synchronized void remember(JsonNode answer) {
        String requestId = answer.path("requestId").asText();
        for (JsonNode point : answer.path("points")) {
            sampleIds.add(requestId + "@" + point.path("ratio").asDouble());
        }
        servedBy.add(answer.path("checkpointId").asText());
        answered.incrementAndGet();
    }

    /** Waits until {@code count} requests were answered, or fails after {@code guard} (against a hang). */
    void awaitAnswered(int count, Duration guard) throws InterruptedException {
        awaitCount(answered, count, "answered requests", guard);
    }

    void awaitRetried(int count, Duration guard) throws InterruptedException {
        awaitCount(retried, count, "retried requests", guard);
    }

    private void awaitCount(AtomicInteger counter, int count, String what, Duration guard) throws InterruptedException {
        long deadline = System.nanoTime() + guard.toNanos();
        while (counter.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " " + what + " expected within " + guard + ", saw " + counter.get()
                        + "; failures: " + failures());
            }
            Thread.sleep(100);
        }
    }

    int sent() {
        return sent.get();
    }

    int answered() {
        return answered.get();
    }

    int retried() {
        return retried.get();
    }

    int busy() {
        return busy.get();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized Set<String> sampleIds() {
        return Set.copyOf(sampleIds);
    }

    /** The checkpoints that answered requests, in the order they first did. */
    synchronized List<String> servedBy() {
        return List.copyOf(servedBy);
    }

    /** Stops sending; a request already out is finished first. */
    @Override
    public void close() throws InterruptedException {
        clock.shutdown();
        clock.awaitTermination(5, TimeUnit.MINUTES);
    }
}
