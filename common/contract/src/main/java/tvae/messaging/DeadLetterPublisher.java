package tvae.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;

/**
 * Sends a refused Kafka record to vae.dead-letter with its original bytes (cut to a size the broker takes), origin
 * and reason, so the consumer can acknowledge it and keep going without losing it. A dead letter the broker does not
 * take is sent again, with growing pauses, until it is taken: the stage {@link #refuse} returns never fails, so a
 * consumer that waits on it holds its record rather than dying. Every service's messaging adapters share this one.
 */
public final class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dead-letter-retry");
        thread.setDaemon(true);
        return thread;
    });

    private final Emitter<byte[]> emitter;
    private final String consumer;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final AtomicLong failedSends = new AtomicLong();

    /** @param emitter the service's channel bound to vae.dead-letter; @param consumer who refused, e.g. "trainer-service" */
    public DeadLetterPublisher(Emitter<byte[]> emitter, String consumer) {
        this(emitter, consumer, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** With the pause before the first resend and the longest pause (pauses double in between). */
    public DeadLetterPublisher(Emitter<byte[]> emitter, String consumer, Duration firstRetry, Duration maxRetry) {
        this.emitter = emitter;
        this.consumer = consumer;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /**
     * Runs {@code handling} on a message, which acknowledges it once handled. Whatever it throws or fails with, a
     * record that is not a valid event or an error after validation (disk, send, a bug), dead-letters the message
     * with the reason and acknowledges it then. The returned stage never fails, so the channel never dies of a record.
     */
    public CompletionStage<Void> guard(Message<byte[]> message, Function<Message<byte[]>, CompletionStage<Void>> handling) {
        CompletionStage<Void> handled;
        try {
            handled = handling.apply(message);
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        return handled.handle((done, failure) -> failure).thenCompose(failure -> failure == null
                ? CompletableFuture.<Void>completedFuture(null)
                : refuse(message, reason(failure)).thenCompose(sent -> message.ack()));
    }

    /** Completes once the broker has the dead letter: the refused record's offset must be committed only after. */
    public CompletionStage<Void> refuse(Message<byte[]> message, String reason) {
        IncomingKafkaRecordMetadata<?, ?> origin = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        String key = origin.getKey() == null ? null : origin.getKey().toString();
        return refuse(origin.getTopic(), origin.getPartition(), origin.getOffset(), key, message.getPayload(), reason);
    }

    /** The same for a record read by a plain Kafka consumer (e.g. the checkpoint feed). */
    public CompletionStage<Void> refuse(String topic, int partition, long offset, String key, byte[] value, String reason) {
        DeadLetter letter = DeadLetter.of(topic, partition, offset, key, value, consumer, reason);
        LOG.warn("dead-lettered {}[{}]@{} ({} bytes{}): {}", topic, partition, offset, letter.valueBytes(),
                letter.truncated() ? ", cut to " + letter.value().length : "", letter.reason());
        CompletableFuture<Void> sent = new CompletableFuture<>();
        send(letter.key(), EventJson.encode(letter), 1, firstRetry, sent);
        return sent;
    }

    /** How many dead-letter sends the broker did not take (each was sent again). */
    public long failedSends() {
        return failedSends.get();
    }

    private void send(String key, byte[] letter, int attempt, Duration pause, CompletableFuture<Void> sent) {
        KeyedSend.send(emitter, key, letter).whenComplete((ok, failure) -> {
            if (failure == null) {
                sent.complete(null);
                return;
            }
            failedSends.incrementAndGet();
            LOG.warn("dead letter for key {} not taken by the broker (attempt {}), sending again in {} ms: {}", key,
                    attempt, pause.toMillis(), failure.getMessage());
            Duration next = pause.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : pause.multipliedBy(2);
            RETRIES.schedule(() -> send(key, letter, attempt + 1, next, sent), pause.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** A refused event's own reason; any other failure says what broke, since it was not the sender's fault. */
    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof InvalidEventException) {
            return cause.getMessage();
        }
        return "failed after it was read: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
