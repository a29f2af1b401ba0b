package tvae.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM), run from the broker's own
 * Maven Central artifacts in a separate process. Its log directory survives {@link #stop()}/{@link #start()}, so a
 * restart keeps every record, as a real broker restart does.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Checkpoint chunks are below this; the broker and producers are configured to allow it. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private ManagedProcess process;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats the storage if new, starts the broker and waits until it answers. */
    public static KafkaBroker start(Path directory, int port) throws IOException {
        int brokerPort = Ports.resolve(port, "the Kafka broker");
        int controllerPort = Ports.resolve(0, "the Kafka controller");
        KafkaBroker broker = new KafkaBroker(directory, brokerPort, controllerPort);
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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

    public void createTopics(List<String> topics, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES))))
                    .toList();
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
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

    private void format() throws IOException {
        Files.createDirectories(directory);
        if (Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            return;
        }
        writeProperties();
        ManagedProcess.run(List.of(javaBinary(), "-Xmx256m", "-cp", brokerClasspath(), "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", propertiesFile().toString(), "--ignore-formatted"), Duration.ofSeconds(120));
    }

    private Path propertiesFile() {
        return directory.resolve("server.properties");
    }

    private void writeProperties() throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + MAX_MESSAGE_BYTES,
                "log.retention.hours=-1",
                "") ;
        Files.writeString(propertiesFile(), properties);
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
