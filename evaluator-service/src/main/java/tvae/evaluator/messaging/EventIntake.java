package tvae.evaluator.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import tvae.evaluator.store.RefusedByDatabase;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.Topics;
import tvae.messaging.DeadLetterPublisher;

/**
 * The one way every evaluator consumer takes a record: decode it, hand it to the service, and return only when it is
 * stored (the record is acknowledged, and its offset becomes committable, after that). A record that is not a valid
 * event, or whose data the database refuses, goes to vae.dead-letter with the reason; the return waits until the
 * broker has it. Any other failure while storing it (judging, probing, a bug) dead-letters it too, and the consumer
 * goes on; only a shutdown leaves it unacknowledged. Counts every outcome in {@code evaluator.events} (stored,
 * unchanged = a replay, dead-lettered, withdrawn = a checkpoint's tombstone).
 */
@ApplicationScoped
public class EventIntake {
    static final String CONSUMER = "evaluator-service";

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    @Inject
    MeterRegistry meters;

    private DeadLetterPublisher deadLetters;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, CONSUMER);
    }

    public <E extends Event> void take(ConsumerRecord<String, byte[]> record, Class<E> type, Predicate<E> store) {
        String outcome;
        if (record.value() == null && Topics.CHECKPOINTS.equals(record.topic())) {
            // The trainer withdrew a checkpoint from Kafka (a tombstone); the database keeps its history.
            meters.counter("evaluator.events", "topic", record.topic(), "outcome", "withdrawn").increment();
            return;
        }
        try {
            E event = EventJson.decode(record.value(), type);
            outcome = store.test(event) ? "stored" : "unchanged";
        } catch (InvalidEventException | RefusedByDatabase e) {
            refuse(record, e.getMessage());
            outcome = "dead-lettered";
        } catch (CancellationException shuttingDown) {
            throw shuttingDown; // not the record's fault: it stays unacknowledged and is read again after the restart
        } catch (RuntimeException e) { // judging, probing or a bug: this record is set aside, the channel goes on
            refuse(record, "failed after it was read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            outcome = "dead-lettered";
        }
        meters.counter("evaluator.events", "topic", record.topic(), "outcome", outcome).increment();
    }

    /** Returns once the broker has the dead letter (the publisher resends until it does). */
    private void refuse(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.refuse(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason)
                .toCompletableFuture().join();
    }
}
