package tvae.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real infrastructure of the system on one machine, without Docker: a Kafka broker and a PostgreSQL server,
 * both as child processes that end with this JVM. The launcher and the tests start it the same way, with the topics,
 * one Kafka user per principal and the ACLs of {@link KafkaAccess}.
 */
public final class LocalStack implements AutoCloseable {
    private final KafkaCluster kafka;
    private final PostgresServer postgres;
    private final StackSecrets secrets;
    private final Path directory;
    private final boolean ephemeral;

    private LocalStack(KafkaCluster kafka, PostgresServer postgres, StackSecrets secrets, Path directory, boolean ephemeral) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.secrets = secrets;
        this.directory = directory;
        this.ephemeral = ephemeral;
    }

    /**
     * @param name  names the stack's directories; the same name reuses (and keeps) the same data across starts
     * @param durable false for throw-away test stacks (fsync off)
     */
    public static LocalStack start(String name, int kafkaPort, int postgresPort, boolean durable) throws IOException {
        return start(name, 1, kafkaPort, postgresPort, durable);
    }

    /** @param brokers Kafka nodes: 1, or 3 and more for replicated topics that survive a node's death */
    public static LocalStack start(String name, int brokers, int kafkaPort, int postgresPort, boolean durable) throws IOException {
        return start(name, brokers, kafkaPort, postgresPort, durable, false);
    }

    private static LocalStack start(String name, int brokers, int kafkaPort, int postgresPort, boolean durable,
                                    boolean ephemeral) throws IOException {
        Path base = baseDirectory(name);
        long started = System.nanoTime();
        StackSecrets secrets = StackSecrets.loadOrCreate(base);
        KafkaCluster kafka = KafkaCluster.start(base.resolve("kafka"), brokers, kafkaPort, secrets.kafkaPassword(KafkaCluster.ADMIN));
        try {
            List<String> changed = kafka.applyTopicPolicies();
            if (!changed.isEmpty()) {
                System.out.println("topics brought in line with their policies: " + changed);
            }
            kafka.setUsers(secrets.kafkaPasswords());
            kafka.setAcls(KafkaAccess.bindings());
            PostgresServer postgres = PostgresServer.start(base.resolve("postgres").resolve("cluster"), postgresPort, durable,
                    secrets);
            System.out.printf("local stack '%s' up in %.1f s: Kafka %s (%d broker(s), %d replica(s) per topic), PostgreSQL %s (data in %s)%n",
                    name, (System.nanoTime() - started) / 1e9, kafka.bootstrapServers(), kafka.size(), kafka.replicationFactor(), postgres.jdbcUrl(), base);
            return new LocalStack(kafka, postgres, secrets, base, ephemeral);
        } catch (IOException | RuntimeException e) {
            kafka.stop();
            throw e;
        }
    }

    /** A fresh, throw-away stack on free ports, as tests use; its directory is deleted on close. */
    public static LocalStack startEphemeral() throws IOException {
        return startEphemeral(1);
    }

    /** {@link #startEphemeral()} with this many Kafka nodes. */
    public static LocalStack startEphemeral(int brokers) throws IOException {
        return start("test-" + UUID.randomUUID().toString().substring(0, 8), brokers, 0, 0, false, true);
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The stack's credentials: API keys, database passwords, the checkpoint key pair (see {@link StackSecrets}). */
    public StackSecrets secrets() {
        return secrets;
    }

    /** How {@code principal} (one of {@link KafkaAccess#PRINCIPALS}) logs in to this stack's broker. */
    public Map<String, Object> kafkaClientProperties(String principal) {
        return kafka.clientProperties(principal, secrets.kafkaPassword(principal));
    }

    /** Where {@link StackSecrets} keeps this stack's credentials, for a user who wants them (mode 0600). */
    public Path secretsFile() {
        return directory.resolve(StackSecrets.FILE);
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
        if (ephemeral) {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }

    /**
     * Under the temp directory, because under root PostgreSQL runs as the 'postgres' user, who must be able to reach
     * its cluster (a checkout under /root is not reachable for it). TVAE_STACK_DIR overrides.
     */
    private static Path baseDirectory(String name) throws IOException {
        String configured = System.getenv("TVAE_STACK_DIR");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "tvae-stack-" + System.getProperty("user.name"));
        Path base = root.resolve(name);
        Files.createDirectories(base);
        root.toFile().setExecutable(true, false);
        base.toFile().setExecutable(true, false);
        return base;
    }
}
