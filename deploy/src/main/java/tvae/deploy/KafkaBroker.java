package tvae.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM), run from the broker's own
 * Maven Central artifacts in a separate process. Its log directory survives {@link #stop()}/{@link #start()}, so a
 * restart keeps every record, as a real broker restart does.
 *
 * <p>Every client logs in with SASL/SCRAM-SHA-512 and may do only what an ACL allows ({@link KafkaAccess}); the
 * controller listener takes only {@link #ADMIN}, with PLAIN. {@link #ADMIN}'s credential is written into the storage
 * when it is formatted, the other principals' by {@link #setUsers(Map)} once the broker runs.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Checkpoint chunks are below this; the broker and producers are configured to allow it. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** The broker's super user: the broker itself (inter-broker and controller connections) and the stack's set-up. */
    public static final String ADMIN = "admin";
    static final String MECHANISM = "SCRAM-SHA-512";
    /** The listener clients and the broker itself use; CONTROLLER is the other. */
    static final String CLIENT_LISTENER = "CLIENT";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String adminPassword;
    private ManagedProcess process;

    private KafkaBroker(Path directory, int port, int controllerPort, String adminPassword) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.adminPassword = adminPassword;
    }

    /** Formats the storage if new (with {@link #ADMIN}'s credential), starts the broker and waits until it answers. */
    public static KafkaBroker start(Path directory, int port, String adminPassword) throws IOException {
        int brokerPort = Ports.resolve(port, "the Kafka broker");
        int controllerPort = Ports.resolve(0, "the Kafka controller");
        KafkaBroker broker = new KafkaBroker(directory, brokerPort, controllerPort, adminPassword);
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** What a Kafka client needs to log in as {@code principal}: bootstrap servers and SASL/SCRAM settings. */
    public Map<String, Object> clientProperties(String principal, String password) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, scramLogin(principal, password));
    }

    /** {@link #clientProperties} of {@link #ADMIN}, who may do everything: the stack's set-up and the tests' own clients. */
    public Map<String, Object> adminClientProperties() {
        return clientProperties(ADMIN, adminPassword);
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        writeProperties();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN", "-cp", brokerClasspath(), "kafka.Kafka", propertiesFile().toString()));
        process = ManagedProcess.start("Kafka broker", command, "TERM", directory.resolve("broker.log"));
        process.awaitPort(port, ManagedProcess.START_GUARD);
        awaitReady();
    }

    /** Graceful shutdown; records already acknowledged stay on disk. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** SIGKILL, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates the system's topics as {@link TopicPolicies} says, or brings existing ones in line with it.
     * @return the existing topics it changed
     */
    public List<String> applyTopicPolicies() {
        try (Admin admin = admin()) {
            return TopicSetup.apply(admin, TopicPolicies.ALL, 1);
        }
    }

    /** Gives each principal its password (creating the SCRAM credential, or replacing it) and waits until the broker knows them. */
    public void setUsers(Map<String, String> passwords) {
        ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
        try (Admin admin = admin()) {
            await(admin.alterUserScramCredentials(passwords.entrySet().stream()
                    .map(user -> new UserScramCredentialUpsertion(user.getKey(), scram, user.getValue()))
                    .map(UserScramCredentialAlteration.class::cast).toList()).all(), "set SCRAM users");
            // The controller has them now; the broker that checks logins learns them from its metadata a moment later.
            awaitTrue(() -> await(admin.describeUserScramCredentials().all(), "list SCRAM users").keySet()
                    .containsAll(passwords.keySet()), "the broker to know users " + passwords.keySet());
        }
    }

    /** Makes {@code wanted} the broker's only ACLs (adding what is missing, removing what is not wanted) and waits until they apply. */
    public void setAcls(Collection<AclBinding> wanted) {
        try (Admin admin = admin()) {
            Set<AclBinding> existing = new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "list ACLs"));
            List<AclBindingFilter> unwanted = existing.stream().filter(acl -> !wanted.contains(acl)).map(AclBinding::toFilter).toList();
            if (!unwanted.isEmpty()) {
                await(admin.deleteAcls(unwanted).all(), "delete ACLs");
            }
            List<AclBinding> missing = wanted.stream().filter(acl -> !existing.contains(acl)).toList();
            if (!missing.isEmpty()) {
                await(admin.createAcls(missing).all(), "create ACLs");
            }
            awaitTrue(() -> new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "list ACLs")).equals(Set.copyOf(wanted)),
                    "the broker to apply " + wanted.size() + " ACLs");
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Admin admin() {
        Map<String, Object> props = new LinkedHashMap<>(adminClientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Polls until {@code condition} holds; the guard only stops a hang. */
    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            ManagedProcess.sleep(50);
        }
    }

    /** The port opens before the controller has elected itself; a metadata round trip proves the broker serves. */
    private void awaitReady() {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                ManagedProcess.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker on port " + port + " never became ready; log:\n" + process.logTail(), last);
    }

    /**
     * Formats new storage with {@link #ADMIN}'s SCRAM credential in it, so the broker can log in to itself from its
     * first start. The password goes in an argument file (mode 0600, deleted afterwards), not on a command line.
     */
    private void format() throws IOException {
        Files.createDirectories(directory);
        Path data = directory.resolve("data");
        if (Files.exists(data.resolve("meta.properties"))) {
            if (formattedWithCredentials()) {
                return;
            }
            // Storage from before SASL lacks the admin credential, so nobody could log in: kept aside, not deleted.
            Path aside = directory.resolve("data-without-sasl-" + System.currentTimeMillis());
            Files.move(data, aside);
            System.out.println("Kafka storage from before SASL moved to " + aside + "; new storage is formatted with credentials");
        }
        writeProperties();
        Path arguments = Files.createTempFile(directory, "format", ".args", OWNER_ONLY);
        try {
            Files.write(arguments, Stream.of("-Xmx256m", "-cp", brokerClasspath(), "kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", propertiesFile().toString(), "--ignore-formatted",
                    "--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]")
                    .map(argument -> '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"').toList());
            ManagedProcess.run(List.of(javaBinary(), "@" + arguments), Duration.ofSeconds(120));
        } finally {
            Files.deleteIfExists(arguments);
        }
    }

    /** Storage formatted by this class with SASL on has a server.properties that says so (it is written before formatting). */
    private boolean formattedWithCredentials() throws IOException {
        return Files.exists(propertiesFile()) && Files.readAllLines(propertiesFile()).stream()
                .anyMatch(line -> line.startsWith("sasl.enabled.mechanisms="));
    }

    private Path propertiesFile() {
        return directory.resolve("server.properties");
    }

    /**
     * How the broker authenticates and authorizes: SCRAM-SHA-512 on {@link #CLIENT_LISTENER} (clients and the broker
     * itself), PLAIN for {@link #ADMIN} alone on the controller listener, ACLs with nothing allowed that no ACL
     * allows. Compose's broker sets the same (ComposeFileTest).
     */
    static Map<String, String> securitySettings(String adminPassword) {
        String listener = CLIENT_LISTENER.toLowerCase(Locale.ROOT);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT," + CLIENT_LISTENER + ":SASL_PLAINTEXT");
        settings.put("sasl.enabled.mechanisms", MECHANISM);
        settings.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        settings.put("listener.name." + listener + "." + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                scramLogin(ADMIN, adminPassword));
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + ADMIN + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:" + ADMIN);
        settings.put("allow.everyone.if.no.acl.found", "false");
        return settings;
    }

    private static String scramLogin(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal + "\" password=\""
                + password + "\";";
    }

    /** Holds the admin password, so only this user may read it. */
    private void writeProperties() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + CLIENT_LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + CLIENT_LISTENER + "://127.0.0.1:" + port));
        securitySettings(adminPassword).forEach((key, value) -> lines.add(key + "=" + value));
        lines.addAll(List.of(
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=1",
                // Every topic is created with its own policy (TopicPolicies); a typo in a topic name is an error, not a topic.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + MAX_MESSAGE_BYTES));
        if (Files.exists(propertiesFile())) {
            // A file written before SASL (or by anyone else) may be readable by all: close it before the password goes in.
            Files.setPosixFilePermissions(propertiesFile(), PosixFilePermissions.fromString("rw-------"));
        } else {
            Files.createFile(propertiesFile(), OWNER_ONLY);
        }
        Files.write(propertiesFile(), lines);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Written at build time by maven-dependency-plugin: the broker's jars from the local Maven repository. */
    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath is missing: build the deploy module with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
