package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tvae.events.Topics;

/** There is no Docker engine here, so docker-compose.yml is kept true by checking it against the code. */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("trainer-service", "inference-service", "evaluator-service");
    private static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");

    /** The API keys are expanded in the settings every service shares (common's microprofile-config.properties). */
    private static final String SHARED_SETTINGS = read(ROOT.resolve("common/contract/src/main/resources/META-INF/microprofile-config.properties"));
    /** Settings with no default on purpose (a service refuses to start without them), so not in application.properties. */
    private static final Set<String> SECRET_SETTINGS = Set.of("TVAE_CHECKPOINT_SIGNING_KEY", "TVAE_CHECKPOINT_VERIFY_KEY");
    /** What Compose's Kafka runs: the broker's start and the set-up of topics, users and ACLs. */
    private static final String KAFKA_SCRIPT = read(ROOT.resolve("deploy/docker/kafka.sh"));
    private static final String MISSING = ":?run ./tvae secrets > .env first}";

    private final Map<String, Object> compose = load();

    @Test
    void everyServiceHasAHealthcheck() {
        for (Object key : services().keySet()) {
            String name = key.toString();
            if (!name.equals("kafka-setup")) {
                assertTrue(service(name).containsKey("healthcheck"), name + " has no healthcheck");
            }
        }
        assertTrue(services().keySet().containsAll(List.of("kafka-1", "kafka-2", "kafka-3", "postgres", "trainer-service", "inference-service", "evaluator-service")));
    }

    @Test
    void theTopicsCreatedAreExactlyTheTopicsOfTheCodeWithTheirPolicies() {
        Matcher topic = Pattern.compile("(?m)^\\s*topic (\\S+) (\\d+) (\\S+)$").matcher(KAFKA_SCRIPT);
        Map<String, TopicPolicies.Policy> created = new HashMap<>();
        while (topic.find()) {
            Map<String, String> configs = new HashMap<>();
            for (String setting : topic.group(3).split(",")) {
                configs.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
            created.put(topic.group(1), new TopicPolicies.Policy(topic.group(1), Integer.parseInt(topic.group(2)), configs));
        }
        assertEquals(Set.copyOf(Topics.ALL), created.keySet());
        for (TopicPolicies.Policy policy : TopicPolicies.ALL) {
            assertEquals(policy, created.get(policy.topic()), policy.topic());
        }
        for (String node : KAFKA_NODES) {
            assertEquals("false", String.valueOf(((Map<?, ?>) service(node).get("environment")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")));
        }
    }

    @Test
    void threeNodesReplicateEverythingThreeTimesAndWantTwoInSyncLikeTheLocalCluster() {
        Set<String> ids = new HashSet<>();
        for (String node : KAFKA_NODES) {
            Map<?, ?> environment = (Map<?, ?>) service(node).get("environment");
            ids.add(String.valueOf(environment.get("KAFKA_NODE_ID")));
            assertEquals("CLIENT://" + node + ":9092", environment.get("KAFKA_ADVERTISED_LISTENERS"));
            assertEquals(KAFKA_NODES.stream().map(n -> n.substring(n.indexOf('-') + 1) + "@" + n + ":9093").collect(Collectors.joining(",")),
                    environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS"), node);
            for (String setting : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) {
                assertEquals(KafkaCluster.MAX_REPLICATION, ((Number) environment.get(setting)).intValue(), node + " " + setting);
            }
            int minInSync = TopicSetup.minInSync(KafkaCluster.MAX_REPLICATION);
            assertEquals(minInSync, ((Number) environment.get("KAFKA_MIN_INSYNC_REPLICAS")).intValue(), node);
            assertEquals(minInSync, ((Number) environment.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).intValue(), node);
        }
        assertEquals(Set.of("1", "2", "3"), ids);
        assertTrue(KAFKA_SCRIPT.contains("\nREPLICATION=" + KafkaCluster.MAX_REPLICATION + "\n"), "topics get three replicas");
        assertTrue(KAFKA_SCRIPT.contains("\nMIN_INSYNC=" + TopicSetup.minInSync(KafkaCluster.MAX_REPLICATION) + "\n"));
        String bootstrap = String.join(",", KAFKA_NODES.stream().map(n -> n + ":9092").toList());
        assertEquals(bootstrap, ((Map<?, ?>) service("kafka-setup").get("environment")).get("KAFKA_BOOTSTRAP"));
        for (String name : SERVICES) {
            assertEquals(bootstrap, ((Map<?, ?>) service(name).get("environment")).get("KAFKA_BOOTSTRAP_SERVERS"), name);
        }
    }

    @Test
    void theBrokerWantsTheSameLoginsAsTheLocalOneOnEveryListener() {
        for (String node : KAFKA_NODES) {
            wantsTheSameLoginsAsTheLocalCluster(node);
        }
    }

    private void wantsTheSameLoginsAsTheLocalCluster(String node) {
        Map<?, ?> environment = (Map<?, ?>) service(node).get("environment");
        String password = "${" + StackSecrets.kafkaPasswordVariable(KafkaCluster.ADMIN) + MISSING;
        KafkaCluster.securitySettings(password).forEach((key, value) ->
                assertEquals(value, String.valueOf(environment.get(kafkaImageVariable(key))), key));
        Set<String> secured = new HashSet<>();
        for (String entry : String.valueOf(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
            assertTrue(entry.endsWith(":SASL_PLAINTEXT"), entry);
            secured.add(entry.substring(0, entry.indexOf(':')));
        }
        for (String listener : String.valueOf(environment.get("KAFKA_LISTENERS")).split(",")) {
            assertTrue(secured.contains(listener.substring(0, listener.indexOf(':'))), listener + " is not a SASL listener");
        }
        assertTrue(String.valueOf(service(node).get("entrypoint")).contains("start"), node + " formats with credentials first");
    }

    @Test
    void theSetUpMakesAUserPerPrincipalAndGrantsExactlyWhatKafkaAccessGrants() {
        Map<String, String> users = new HashMap<>();
        Matcher user = Pattern.compile("(?m)^\\s*user (\\S+) \"\\$([A-Z0-9_]+)\"$").matcher(KAFKA_SCRIPT);
        while (user.find()) {
            users.put(user.group(1), user.group(2));
        }
        Map<String, String> expected = new HashMap<>();
        KafkaAccess.PRINCIPALS.stream().filter(p -> !p.equals(KafkaCluster.ADMIN))
                .forEach(p -> expected.put(p, StackSecrets.kafkaPasswordVariable(p)));
        assertEquals(expected, users, "the admin's credential is written when the storage is formatted; the others' by set-up");

        Set<String> granted = new HashSet<>();
        Matcher acl = Pattern.compile("(?m)^\\s*acl (.+)$").matcher(KAFKA_SCRIPT);
        while (acl.find()) {
            granted.add(acl.group(1).strip());
        }
        assertEquals(KafkaAccess.GRANTS.stream().map(KafkaAccess.Grant::kafkaAclsArguments).collect(Collectors.toSet()), granted);
        Map<?, ?> environment = (Map<?, ?>) service("kafka-setup").get("environment");
        KafkaAccess.PRINCIPALS.forEach(p -> assertEquals("${" + StackSecrets.kafkaPasswordVariable(p) + MISSING,
                environment.get(StackSecrets.kafkaPasswordVariable(p)), p));
    }

    @Test
    void everyServiceLogsInToKafkaAsItselfOnceTheAclsAreThere() {
        for (String name : SERVICES) {
            Map<?, ?> environment = (Map<?, ?>) service(name).get("environment");
            assertEquals("${" + StackSecrets.kafkaPasswordVariable(name) + MISSING, environment.get(StackSecrets.KAFKA_PASSWORD), name);
            Map<?, ?> setUp = (Map<?, ?>) ((Map<?, ?>) service(name).get("depends_on")).get("kafka-setup");
            assertEquals("service_completed_successfully", setUp.get("condition"), name);
        }
    }

    @Test
    void onlyTheDashboardIsPublishedAndOnlyOnTheHostsLoopback() throws IOException {
        for (String name : SERVICES) {
            String port = properties(name).getProperty("quarkus.http.port");
            assertTrue(String.valueOf(service(name).get("healthcheck")).contains("localhost:" + port + "/q/health/ready"), name);
        }
        String dashboard = properties("evaluator-service").getProperty("quarkus.http.port");
        for (Object name : services().keySet()) {
            Object ports = service(name.toString()).get("ports");
            assertEquals(name.equals("evaluator-service") ? List.of("127.0.0.1:" + dashboard + ":" + dashboard) : null, ports,
                    name + " publishes " + ports);
        }
    }

    @Test
    void everyCredentialComesFromTheEnvironmentThatTvaeSecretsWrites() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));
        Set<String> referenced = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(text);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertEquals(StackSecrets.generate().asEnvironment(StackSecrets.EVERY_SERVICE).keySet(), referenced);
        assertTrue(!text.contains("PASSWORD: tvae") && !text.contains("trust"), "no committed password, no trust");
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationKeyOfItsService() throws IOException {
        for (String name : SERVICES) {
            Properties properties = properties(name);
            Map<?, ?> environment = (Map<?, ?>) service(name).get("environment");
            for (Object variable : environment.keySet()) {
                boolean known = properties.stringPropertyNames().stream()
                        .anyMatch(key -> key.toUpperCase().replaceAll("[^A-Z0-9]", "_").equals(variable))
                        || SHARED_SETTINGS.contains("${" + variable + "}") || SECRET_SETTINGS.contains(variable)
                        || variable.equals("QUARKUS_DATASOURCE_PASSWORD");
                assertTrue(known, name + ": " + variable + " maps to no key of its application.properties");
            }
        }
    }

    @Test
    void everyServiceImageIsBuiltByADockerfileHereForThatModule() {
        for (String name : SERVICES) {
            Map<?, ?> build = (Map<?, ?>) service(name).get("build");
            Path dockerfile = ROOT.resolve(String.valueOf(build.get("dockerfile")));
            assertTrue(Files.isRegularFile(dockerfile), dockerfile + " missing");
            assertEquals(name, ((Map<?, ?>) build.get("args")).get("SERVICE"));
            assertTrue(Files.isDirectory(ROOT.resolve(name)), "no module " + name);
        }
    }

    @Test
    void theTrainerReservesAGpu() {
        String deploy = String.valueOf(service("trainer-service").get("deploy"));
        assertTrue(deploy.contains("capabilities=[gpu]"), deploy);
    }

    /** How the apache/kafka image names a broker setting: '.' as '_', '_' as '__', '-' as '___', upper case. */
    private static String kafkaImageVariable(String setting) {
        return "KAFKA_" + setting.replace("_", "__").replace("-", "___").replace(".", "_").toUpperCase(Locale.ROOT);
    }

    private Map<?, ?> services() {
        return (Map<?, ?>) compose.get("services");
    }

    private Map<?, ?> service(String name) {
        return (Map<?, ?>) services().get(name);
    }

    private static Properties properties(String module) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
