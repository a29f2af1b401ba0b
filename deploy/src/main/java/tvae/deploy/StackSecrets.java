package tvae.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The credentials of one local stack, generated on its first start and kept beside its data (mode 0600), so a durable
 * stack keeps its database password across starts and a user can read the API keys for curl. Services receive them as
 * environment variables, never on a command line that {@code ps} would show.
 *
 * @param operatorKey      HTTP password of the {@code operator} user (changes state, uses the model)
 * @param viewerKey        HTTP password of the read-only {@code viewer} user (dashboard, run and model listings)
 * @param databasePassword PostgreSQL password of the application role {@link PostgresServer#USER} (scram-sha-256)
 * @param databaseAdminPassword PostgreSQL password of the cluster's superuser {@link PostgresServer#ADMIN}; no service has it
 * @param checkpointSigningKey base64 PKCS#8 Ed25519 private key: the trainer signs checkpoint manifests with it
 * @param checkpointVerifyKey  base64 X.509 Ed25519 public key: inference accepts only checkpoints it verifies
 * @param kafkaPasswords       SCRAM-SHA-512 password of each Kafka principal ({@link KafkaAccess#PRINCIPALS}); a service
 *                             gets only its own, as {@code TVAE_KAFKA_PASSWORD}
 */
public record StackSecrets(String operatorKey, String viewerKey, String databasePassword, String databaseAdminPassword,
        String checkpointSigningKey, String checkpointVerifyKey, Map<String, String> kafkaPasswords) {
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    static final String FILE = "secrets.properties";
    static final String ADMIN_PASSWORD = "POSTGRES_ADMIN_PASSWORD";
    /** The variable a service reads its own Kafka password from (common's microprofile-config.properties). */
    static final String KAFKA_PASSWORD = "TVAE_KAFKA_PASSWORD";
    private static final SecureRandom RANDOM = new SecureRandom();

    public StackSecrets {
        kafkaPasswords = Map.copyOf(kafkaPasswords);
    }

    /**
     * The stack's secrets from {@code directory/secrets.properties}, created there with fresh values if absent. A file
     * from before Kafka had passwords gets them added; any other missing value is an error (it would not match the data).
     */
    public static StackSecrets loadOrCreate(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        boolean existing = Files.exists(file);
        Properties properties = new Properties();
        if (existing) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        boolean added = false;
        for (Map.Entry<String, String> fresh : generate().asEnvironment(EVERY_SERVICE).entrySet()) {
            if (!properties.containsKey(fresh.getKey()) && (!existing || fresh.getKey().startsWith(KAFKA_PASSWORD + "_"))) {
                properties.setProperty(fresh.getKey(), fresh.getValue());
                added = true;
            }
        }
        if (added) {
            store(properties, file);
        }
        Map<String, String> kafkaPasswords = new LinkedHashMap<>();
        KafkaAccess.PRINCIPALS.forEach(principal -> kafkaPasswords.put(principal, required(properties, kafkaPasswordVariable(principal), file)));
        return new StackSecrets(required(properties, "TVAE_OPERATOR_KEY", file), required(properties, "TVAE_VIEWER_KEY", file),
                required(properties, "QUARKUS_DATASOURCE_PASSWORD", file), required(properties, ADMIN_PASSWORD, file),
                required(properties, "TVAE_CHECKPOINT_SIGNING_KEY", file),
                required(properties, "TVAE_CHECKPOINT_VERIFY_KEY", file), kafkaPasswords);
    }

    static StackSecrets generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            Map<String, String> kafkaPasswords = new LinkedHashMap<>();
            KafkaAccess.PRINCIPALS.forEach(principal -> kafkaPasswords.put(principal, randomKey()));
            return new StackSecrets(randomKey(), randomKey(), randomKey(), randomKey(), base64.encodeToString(pair.getPrivate().getEncoded()),
                    base64.encodeToString(pair.getPublic().getEncoded()), kafkaPasswords);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make Ed25519 keys", e);
        }
    }

    /** The Kafka password of {@code principal} (one of {@link KafkaAccess#PRINCIPALS}). */
    public String kafkaPassword(String principal) {
        String password = kafkaPasswords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return password;
    }

    /** Where all of them are kept together (this stack's file, Compose's .env): TVAE_KAFKA_PASSWORD_TRAINER_SERVICE, ... */
    public static String kafkaPasswordVariable(String principal) {
        return KAFKA_PASSWORD + "_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Stands for all services together in {@link #asEnvironment(String)}: a Compose {@code .env} file. */
    public static final String EVERY_SERVICE = "*";

    /**
     * The environment variables {@code service} reads, and no others: only the trainer holds the signing key, only the
     * evaluator the database password, each service its own Kafka password ({@link #EVERY_SERVICE}: all, the admin
     * passwords included, for Compose).
     */
    public Map<String, String> asEnvironment(String service) {
        boolean every = service.equals(EVERY_SERVICE);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TVAE_OPERATOR_KEY", operatorKey);
        environment.put("TVAE_VIEWER_KEY", viewerKey);
        if (every || service.equals("evaluator-service")) {
            environment.put("QUARKUS_DATASOURCE_PASSWORD", databasePassword);
        }
        if (every || service.equals("trainer-service")) {
            environment.put("TVAE_CHECKPOINT_SIGNING_KEY", checkpointSigningKey);
        }
        if (every || service.equals("inference-service")) {
            environment.put("TVAE_CHECKPOINT_VERIFY_KEY", checkpointVerifyKey);
        }
        if (every) {
            environment.put(ADMIN_PASSWORD, databaseAdminPassword);
            KafkaAccess.PRINCIPALS.forEach(principal -> environment.put(kafkaPasswordVariable(principal), kafkaPassword(principal)));
        } else if (kafkaPasswords.containsKey(service)) {
            environment.put(KAFKA_PASSWORD, kafkaPasswords.get(service));
        }
        return environment;
    }

    /** The same credentials as Quarkus configuration keys, for {@code service} run as an in-JVM {@code @QuarkusTest}. */
    public Map<String, String> asConfiguration(String service) {
        return Map.of(
                "quarkus.security.users.embedded.users." + OPERATOR, operatorKey,
                "quarkus.security.users.embedded.users." + VIEWER, viewerKey,
                "quarkus.datasource.password", databasePassword,
                "tvae.checkpoint.signing-key", checkpointSigningKey,
                "tvae.checkpoint.verify-key", checkpointVerifyKey,
                "tvae.kafka.password", kafkaPassword(service));
    }

    private static void store(Properties properties, Path file) throws IOException {
        Path written = Files.exists(file) ? file
                : Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(written, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            properties.store(out, "Credentials of this local stack (generated; delete the stack's directory to renew)");
        }
    }

    /** 32 random bytes, URL-safe base64: long enough that guessing is hopeless, safe in a Basic header and a shell. */
    private static String randomKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new UncheckedIOException(new IOException(file + " lacks " + key + ": delete the stack's directory to start afresh"));
        }
        return value;
    }
}
