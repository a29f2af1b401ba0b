package tvae.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Kafka node of a {@link KafkaCluster}: broker and KRaft controller in one JVM, run from the broker's own Maven
 * Central artifacts in a separate process. Its log directory survives {@link #stop()}/{@link #start()}, so a restart
 * keeps every record, as a real broker restart does.
 */
final class KafkaNode {
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path directory;
    private final int id;
    private final int port;
    private final int controllerPort;
    private ManagedProcess process;

    KafkaNode(Path directory, int id, int port, int controllerPort) {
        this.directory = directory;
        this.id = id;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    int id() {
        return id;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    /** Starts the process; the caller waits for the cluster to answer (a node alone has no quorum). */
    synchronized void launch(List<String> settings) throws IOException {
        writeProperties(settings);
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN", "-cp", brokerClasspath(), "kafka.Kafka", propertiesFile().toString()));
        process = ManagedProcess.start("Kafka broker " + id, command, "TERM", directory.resolve("broker.log"));
    }

    void awaitPort() {
        ManagedProcess current = process;
        if (current != null) {
            current.awaitPort(port, ManagedProcess.START_GUARD);
        }
    }

    /** Graceful shutdown; records already acknowledged stay on disk. */
    synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** SIGKILL, as in a crash. */
    synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized String logTail() {
        return process == null ? "(not running)" : process.logTail();
    }

    /**
     * Formats new storage with {@link KafkaCluster#ADMIN}'s SCRAM credential in it, so the node can log in to itself
     * from its first start. The password goes in an argument file (mode 0600, deleted afterwards), not on a command line.
     */
    void format(List<String> settings, String clusterId, String adminPassword) throws IOException {
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
        writeProperties(settings);
        Path arguments = Files.createTempFile(directory, "format", ".args", OWNER_ONLY);
        try {
            Files.write(arguments, Stream.of("-Xmx256m", "-cp", brokerClasspath(), "kafka.tools.StorageTool", "format",
                    "-t", clusterId, "-c", propertiesFile().toString(), "--ignore-formatted",
                    "--add-scram", KafkaCluster.MECHANISM + "=[name=" + KafkaCluster.ADMIN + ",password=" + adminPassword + "]")
                    .map(argument -> '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"').toList());
            ManagedProcess.run(List.of(ManagedProcess.javaBinary(), "@" + arguments), Duration.ofSeconds(120));
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

    Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Holds the admin password, so only this user may read it. */
    private void writeProperties(List<String> settings) throws IOException {
        if (Files.exists(propertiesFile())) {
            // A file written before SASL (or by anyone else) may be readable by all: close it before the password goes in.
            Files.setPosixFilePermissions(propertiesFile(), PosixFilePermissions.fromString("rw-------"));
        } else {
            Files.createFile(propertiesFile(), OWNER_ONLY);
        }
        Files.write(propertiesFile(), settings);
    }

    /** Written at build time by maven-dependency-plugin: the broker's jars from the local Maven repository. */
    static String brokerClasspath() {
        try (InputStream in = KafkaNode.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath is missing: build the deploy module with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
