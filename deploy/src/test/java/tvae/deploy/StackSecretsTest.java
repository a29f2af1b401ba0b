package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSecretsTest {
    @TempDir
    Path directory;

    @Test
    void eachServiceGetsOnlyItsOwnKafkaPassword() {
        StackSecrets secrets = StackSecrets.generate();
        Set<String> seen = new HashSet<>();
        for (String service : new String[] {KafkaAccess.TRAINER, KafkaAccess.INFERENCE, KafkaAccess.EVALUATOR}) {
            Map<String, String> environment = secrets.asEnvironment(service);
            assertEquals(secrets.kafkaPassword(service), environment.get(StackSecrets.KAFKA_PASSWORD), service);
            assertTrue(environment.keySet().stream().noneMatch(key -> key.startsWith(StackSecrets.KAFKA_PASSWORD + "_")), service);
            assertTrue(seen.add(environment.get(StackSecrets.KAFKA_PASSWORD)), "every principal has a password of its own");
        }
        Map<String, String> compose = secrets.asEnvironment(StackSecrets.EVERY_SERVICE);
        KafkaAccess.PRINCIPALS.forEach(p -> assertEquals(secrets.kafkaPassword(p), compose.get(StackSecrets.kafkaPasswordVariable(p)), p));
        assertFalse(compose.containsKey(StackSecrets.KAFKA_PASSWORD), "Compose hands each service its own");
    }

    @Test
    void aStackFromBeforeKafkaPasswordsGetsThemAndKeepsEverythingElse() throws IOException {
        Map<String, String> before = StackSecrets.generate().asEnvironment(StackSecrets.EVERY_SERVICE);
        Properties older = new Properties();
        before.forEach((key, value) -> {
            if (!key.startsWith(StackSecrets.KAFKA_PASSWORD)) {
                older.setProperty(key, value);
            }
        });
        Path file = Files.createFile(directory.resolve(StackSecrets.FILE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            older.store(out, null);
        }

        StackSecrets loaded = StackSecrets.loadOrCreate(directory);
        assertEquals(before.get("QUARKUS_DATASOURCE_PASSWORD"), loaded.databasePassword());
        assertEquals(before.get("TVAE_CHECKPOINT_SIGNING_KEY"), loaded.checkpointSigningKey());
        KafkaAccess.PRINCIPALS.forEach(p -> assertFalse(loaded.kafkaPassword(p).isBlank(), p));
        assertEquals(loaded, StackSecrets.loadOrCreate(directory), "the added passwords are kept in the file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
        }
        assertEquals(loaded.asEnvironment(StackSecrets.EVERY_SERVICE).keySet(), stored.stringPropertyNames());
    }
}
