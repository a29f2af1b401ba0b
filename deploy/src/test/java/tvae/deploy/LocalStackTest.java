package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.apache.kafka.common.config.ConfigResource;
import tvae.events.Topics;

class LocalStackTest {
    @RegisterExtension
    static final EphemeralStack STACK = new EphemeralStack(1);

    @Test
    void kafkaKeepsRecordsAcrossABrokerRestart() throws Exception {
        String topic = "restart-check";
        try (Admin admin = Admin.create(STACK.stack().kafka().adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<String, String>(STACK.stack().kafka().adminClientProperties(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before restart")).get();
        }
        STACK.stack().kafka().stop();
        assertFalse(STACK.stack().kafka().isRunning());
        STACK.stack().kafka().start();
        Map<String, Object> settings = new HashMap<>(STACK.stack().kafka().adminClientProperties());
        settings.putAll(Map.of("group.id", "t", "auto.offset.reset", "earliest"));
        try (var consumer = new KafkaConsumer<String, String>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertEquals("before restart", records.iterator().next().value());
        }
    }

    @Test
    void everyTopicIsCreatedWithItsPolicyAndNoneByAccident() throws Exception {
        try (Admin admin = Admin.create(STACK.stack().kafka().adminClientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(Topics.ALL.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all().get();
            for (TopicPolicies.Policy policy : TopicPolicies.ALL) {
                assertEquals(policy.partitions(), topics.get(policy.topic()).partitions().size(), policy.topic());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, policy.topic()));
                TopicSetup.configs(policy, 1).forEach((key, value) -> assertEquals(value, config.get(key).value(), policy.topic() + " " + key));
                assertFalse(config.get("cleanup.policy").value().equals("delete") && config.get("retention.ms").value().equals("-1"),
                        policy.topic() + " keeps everything forever");
            }
        }
        Map<String, Object> settings = new HashMap<>(STACK.stack().kafka().adminClientProperties());
        settings.put("max.block.ms", 3000);
        try (var producer = new KafkaProducer<String, String>(settings, new StringSerializer(), new StringSerializer())) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("vae.sampels", "k", "a typo")).get());
            assertTrue(refused.getCause().getMessage().contains("not present in metadata"), refused.getCause().getMessage());
        }
    }

    @Test
    void aTopicFromBeforeItsPolicyIsBroughtInLineOnce() throws Exception {
        String topic = "kept-forever";
        try (Admin admin = Admin.create(STACK.stack().kafka().adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
            TopicPolicies.Policy policy = new TopicPolicies.Policy(topic, 3, Map.of("cleanup.policy", "delete", "retention.ms", "3600000"));

            assertEquals(List.of(topic), TopicSetup.apply(admin, List.of(policy), 1));
            assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                    .values().iterator().next();
            assertEquals("3600000", config.get("retention.ms").value());
            assertEquals(List.of(), TopicSetup.apply(admin, List.of(policy), 1), "a second pass finds nothing to change");
        }
    }

    @Test
    void postgresAnswersAndSurvivesACrash() throws Exception {
        try (Connection c = STACK.stack().postgres().connect()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS crash_check (v text)");
            c.createStatement().execute("INSERT INTO crash_check VALUES ('committed')");
        }
        STACK.stack().postgres().kill();
        STACK.stack().postgres().start();
        try (Connection c = STACK.stack().postgres().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM crash_check WHERE v = 'committed'")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) >= 1);
        }
    }

    @Test
    void postgresWantsThePasswordAndTheApplicationRoleIsNoSuperuser() throws Exception {
        String url = STACK.stack().postgres().jdbcUrl();
        // No password: the server asks for SCRAM and the driver has nothing to give (08004); a wrong one: 28P01.
        Map<String, String> expectedStates = Map.of("", "08004", "not-the-password", "28P01");
        expectedStates.forEach((wrong, state) -> {
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, PostgresServer.USER, wrong).close());
            assertEquals(state, refused.getSQLState(), refused.getMessage());
        });
        try (Connection c = STACK.stack().postgres().connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(rs.next());
            assertEquals(List.of(false, false, false), List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)));
        }
        try (Connection admin = STACK.stack().postgres().connectAsAdmin("postgres"); ResultSet rs = admin.createStatement().executeQuery(
                "SELECT DISTINCT auth_method FROM pg_hba_file_rules")) {
            assertTrue(rs.next());
            assertEquals("scram-sha-256", rs.getString(1), "every connection type needs the password");
            assertFalse(rs.next(), "no other method (no 'trust')");
        }
    }

    @Test
    void brokerSettingsThatHoldTheAdminPasswordAreOwnerOnlyEvenWhenAnOlderFileWasNot(@TempDir Path directory) throws Exception {
        Path properties = directory.resolve("server.properties");
        Files.writeString(properties, "written before SASL\n");
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-r--r--"));
        try (KafkaCluster broker = KafkaCluster.start(directory, 0, "the-admin-password")) {
            assertTrue(Files.readString(properties).contains("the-admin-password"), "the settings hold the admin password");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(properties));
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Ports.resolve(STACK.stack().kafka().port(), "the Kafka broker"));
        assertTrue(e.getMessage().contains("already taken"), e.getMessage());
    }
}
