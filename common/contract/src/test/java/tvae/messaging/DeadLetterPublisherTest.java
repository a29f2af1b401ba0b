package tvae.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import tvae.events.DeadLetter;
import tvae.events.EventJson;
import tvae.transfer.Sha256;

class DeadLetterPublisherTest {
    @Test
    void aValueOverTheCapIsCutAndStillDescribedWhole() {
        byte[] junk = new byte[1_200_000];
        new Random(7).nextBytes(junk);
        String hugeKey = "k".repeat(100_000);

        DeadLetter letter = DeadLetter.of("vae.training-requests", 0, 42, hugeKey, junk, "trainer-service", "malformed JSON");

        assertTrue(letter.truncated());
        assertEquals(DeadLetter.MAX_VALUE_BYTES, letter.value().length);
        assertArrayEquals(Arrays.copyOf(junk, DeadLetter.MAX_VALUE_BYTES), letter.value(), "the first bytes, unchanged");
        assertEquals(junk.length, letter.valueBytes());
        assertEquals(Sha256.of(junk), letter.valueSha256());
        assertTrue(letter.key().length() <= DeadLetter.MAX_KEY_CHARS + 3, "key cut too");
        assertTrue(EventJson.encode(letter).length < 1024 * 1024 / 2, "far below a producer's 1 MiB request limit");
    }

    @Test
    void aSmallValueTravelsWhole() {
        DeadLetter letter = DeadLetter.of("t", 0, 1, "k", new byte[] {'{'}, "c", "malformed JSON");

        assertFalse(letter.truncated());
        assertArrayEquals(new byte[] {'{'}, letter.value());
        assertEquals(1, letter.valueBytes());
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsSentAgainUntilTaken() throws Exception {
        NackingEmitter emitter = new NackingEmitter(2);
        DeadLetterPublisher publisher = new DeadLetterPublisher(emitter, "test", Duration.ofMillis(10), Duration.ofMillis(40));

        CompletionStage<Void> sent = publisher.refuse("vae.samples", 0, 3, "k", new byte[] {1, 2}, "bad");
        sent.toCompletableFuture().get(1, TimeUnit.MINUTES);

        assertEquals(2, publisher.failedSends(), "the fault happened twice");
        assertEquals(3, emitter.sent.size(), "and the third send was taken");
        DeadLetter taken = EventJson.decode(emitter.sent.get(2), DeadLetter.class);
        assertEquals("bad", taken.reason());
    }

    @Test
    void whateverTheHandlingThrowsDeadLettersTheMessageAndAcknowledgesIt() throws Exception {
        NackingEmitter emitter = new NackingEmitter(0);
        DeadLetterPublisher publisher = new DeadLetterPublisher(emitter, "test");
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<byte[]> message = Message.of("{}".getBytes())
                .addMetadata(new io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata<>(
                        new org.apache.kafka.clients.consumer.ConsumerRecord<>("vae.training-requests", 0, 9L, "k", "{}"),
                        "training-requests"))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                });

        publisher.guard(message, m -> {
            throw new IllegalStateException("disk full");
        }).toCompletableFuture().get(1, TimeUnit.MINUTES);

        assertTrue(acked.isDone(), "acknowledged after the dead letter was taken");
        DeadLetter letter = EventJson.decode(emitter.sent.get(0), DeadLetter.class);
        assertEquals(9, letter.offset());
        assertEquals("failed after it was read: IllegalStateException: disk full", letter.reason());
    }

    /** Nacks the first {@code refusals} messages as the Kafka sink does for a record it cannot send, then acks. */
    private static final class NackingEmitter implements Emitter<byte[]> {
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        private int refusals;

        NackingEmitter(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public synchronized <M extends Message<? extends byte[]>> void send(M message) {
            sent.add(message.getPayload());
            if (refusals-- > 0) {
                message.nack(new RecordTooLargeException("refused by the test"));
            } else {
                message.ack();
            }
        }

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
