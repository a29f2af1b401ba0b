package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static tvae.deploy.KafkaAccess.CLIENT;
import static tvae.deploy.KafkaAccess.EVALUATOR;
import static tvae.deploy.KafkaAccess.INFERENCE;
import static tvae.deploy.KafkaAccess.TRAINER;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import tvae.events.Topics;

/**
 * The local stack's broker against real clients: nobody gets in without the password, and each principal may do its
 * job and nothing else. Every refusal is shown beside an allowed counterpart, so nothing here passes because
 * everything fails.
 */
class KafkaAccessTest {
    @RegisterExtension
    static final EphemeralStack STACK = new EphemeralStack(1);

    @Test
    void aClientWithoutCredentialsGetsNoAnswer() {
        // The listener speaks only SASL: a plain client's requests are never served, it only sees the broker hang up.
        Map<String, Object> plain = Map.of("bootstrap.servers", STACK.stack().kafka().bootstrapServers(), "max.block.ms", 5_000);
        assertInstanceOf(TimeoutException.class, refusal(() -> send(plain, Topics.TRAINING_REQUESTS)));
        assertDoesNotThrow(() -> send(as(CLIENT), Topics.TRAINING_REQUESTS));
    }

    @Test
    void aWrongPasswordOrAnUnknownUserFailsAuthentication() {
        Map<String, Object> wrongPassword = STACK.stack().kafka().clientProperties(TRAINER, "not-the-password");
        assertInstanceOf(SaslAuthenticationException.class, refusal(() -> send(wrongPassword, Topics.TRAINING_PROGRESS)));
        Map<String, Object> stranger = STACK.stack().kafka().clientProperties("mallory", STACK.stack().secrets().kafkaPassword(TRAINER));
        assertInstanceOf(SaslAuthenticationException.class, refusal(() -> send(stranger, Topics.TRAINING_PROGRESS)));
        assertDoesNotThrow(() -> send(as(TRAINER), Topics.TRAINING_PROGRESS));
    }

    @Test
    void theTrainerAloneWritesCheckpointsInItsOwnTransactions() {
        for (String other : List.of(INFERENCE, EVALUATOR, CLIENT)) {
            assertInstanceOf(TopicAuthorizationException.class, refusal(() -> send(as(other), Topics.CHECKPOINTS)), other);
            assertInstanceOf(TopicAuthorizationException.class, refusal(() -> send(as(other), Topics.CHECKPOINT_CHUNKS)), other);
        }
        assertInstanceOf(TransactionalIdAuthorizationException.class,
                refusal(() -> sendInTransaction(as(INFERENCE), "trainer-service-checkpoints", Topics.SAMPLES)));
        assertDoesNotThrow(() -> sendInTransaction(as(TRAINER), "trainer-service-checkpoints", Topics.CHECKPOINTS));
    }

    @Test
    void inferenceAloneWritesSamplesAndResults() {
        for (String topic : List.of(Topics.SAMPLES, Topics.PROBE_LATENTS, Topics.INTERPOLATION_RESULTS)) {
            for (String other : List.of(TRAINER, EVALUATOR, CLIENT)) {
                assertInstanceOf(TopicAuthorizationException.class, refusal(() -> send(as(other), topic)), other + " on " + topic);
            }
            assertDoesNotThrow(() -> send(as(INFERENCE), topic));
        }
    }

    @Test
    void theEvaluatorWritesNothingButDeadLetters() {
        for (String topic : Topics.ALL) {
            if (!topic.equals(Topics.DEAD_LETTER)) {
                assertInstanceOf(TopicAuthorizationException.class, refusal(() -> send(as(EVALUATOR), topic)), topic);
            }
        }
        assertDoesNotThrow(() -> send(as(EVALUATOR), Topics.DEAD_LETTER));
    }

    @Test
    void aServiceReadsOnlyWhatItConsumesAndOnlyInItsOwnGroup() {
        String key = UUID.randomUUID().toString();
        send(STACK.stack().kafka().adminClientProperties(), Topics.SAMPLES, key);
        assertEquals(key, readFirst(as(EVALUATOR), EVALUATOR, Topics.SAMPLES, key));
        assertInstanceOf(TopicAuthorizationException.class, refusal(() -> readFirst(as(TRAINER), TRAINER, Topics.SAMPLES, key)));
        assertInstanceOf(GroupAuthorizationException.class, refusal(() -> readFirst(as(EVALUATOR), INFERENCE, Topics.SAMPLES, key)));
    }

    @Test
    void theClientSubmitsRunsAndFollowsThemInItsOwnGroups() {
        String key = UUID.randomUUID().toString();
        send(as(TRAINER), Topics.TRAINING_PROGRESS, key);
        assertEquals(key, readFirst(as(CLIENT), PlainKafkaClient.GROUP_PREFIX + key, Topics.TRAINING_PROGRESS, key));
        assertInstanceOf(GroupAuthorizationException.class,
                refusal(() -> readFirst(as(CLIENT), "someone-elses-group", Topics.TRAINING_PROGRESS, key)));
        assertInstanceOf(TopicAuthorizationException.class, refusal(() -> send(as(CLIENT), Topics.TRAINING_PROGRESS)));
        assertDoesNotThrow(() -> send(as(CLIENT), Topics.INTERPOLATION_REQUESTS));
    }

    @Test
    void nobodyButTheAdminCreatesTopicsUsersOrAcls() {
        AclBinding acl = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "acl-check", PatternType.LITERAL),
                new AccessControlEntry("User:nobody", "*", AclOperation.READ, AclPermissionType.ALLOW));
        UserScramCredentialUpsertion user = new UserScramCredentialUpsertion("nobody",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "nobodys-password");
        for (String principal : List.of(TRAINER, INFERENCE, EVALUATOR, CLIENT)) {
            try (Admin admin = Admin.create(as(principal))) {
                assertInstanceOf(TopicAuthorizationException.class,
                        refusal(() -> admin.createTopics(List.of(new NewTopic("made-by-" + principal, 1, (short) 1))).all().get()), principal);
                assertInstanceOf(ClusterAuthorizationException.class, refusal(() -> admin.createAcls(List.of(acl)).all().get()), principal);
                assertInstanceOf(ClusterAuthorizationException.class,
                        refusal(() -> admin.alterUserScramCredentials(List.of(user)).all().get()), principal);
            }
        }
        try (Admin admin = Admin.create(STACK.stack().kafka().adminClientProperties())) {
            assertDoesNotThrow(() -> admin.createTopics(List.of(new NewTopic("made-by-admin", 1, (short) 1))).all().get());
            assertDoesNotThrow(() -> admin.createAcls(List.of(acl)).all().get());
            assertDoesNotThrow(() -> admin.deleteAcls(List.of(acl.toFilter())).all().get());
        }
    }

    private static Map<String, Object> as(String principal) {
        return STACK.stack().kafkaClientProperties(principal);
    }

    private static void send(Map<String, Object> login, String topic) {
        send(login, topic, "access-check");
    }

    private static void send(Map<String, Object> login, String topic, String key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(login, new StringSerializer(), new StringSerializer())) {
            await(producer.send(new ProducerRecord<>(topic, key, "{}")));
        }
    }

    private static void sendInTransaction(Map<String, Object> login, String transactionalId, String topic) {
        Map<String, Object> settings = new HashMap<>(login);
        settings.put("transactional.id", transactionalId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            await(producer.send(new ProducerRecord<>(topic, "access-check", "{}")));
            producer.commitTransaction();
        }
    }

    /**
     * Reads {@code topic} as a member of {@code group} until the record with {@code key} arrives, and returns its key
     * (the guard only stops a hang).
     */
    private static String readFirst(Map<String, Object> login, String group, String topic, String key) {
        Map<String, Object> settings = new HashMap<>(login);
        settings.putAll(Map.of("group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long guard = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
            while (System.nanoTime() < guard) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.key();
                    }
                }
            }
            throw new AssertionError(key + " never arrived on " + topic);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** What the broker answered instead: the exception, unwrapped from the future that carried it. */
    private static Throwable refusal(Executable action) {
        Throwable thrown = assertThrows(Throwable.class, action);
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }
}
