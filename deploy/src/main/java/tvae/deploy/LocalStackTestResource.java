package tvae.deploy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Gives a {@code @QuarkusTest} the real broker and database: one ephemeral {@link LocalStack} per test JVM, shared by
 * every test class of a module (starting it takes seconds) and closed when the JVM exits.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
    private static LocalStack stack;

    public static synchronized LocalStack stack() {
        if (stack == null) {
            try {
                stack = LocalStack.startEphemeral(brokers());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the local Kafka/PostgreSQL stack", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        }
        return stack;
    }

    /** Kafka nodes for the tests: TVAE_TEST_BROKERS (3 runs every service test against a replicated cluster), else 1. */
    private static int brokers() {
        String configured = System.getenv("TVAE_TEST_BROKERS");
        return configured == null || configured.isBlank() ? 1 : Integer.parseInt(configured.trim());
    }

    @Override
    public Map<String, String> start() {
        LocalStack s = stack();
        Map<String, String> configuration = new HashMap<>(s.secrets().asConfiguration(serviceUnderTest()));
        configuration.put("kafka.bootstrap.servers", s.kafka().bootstrapServers());
        configuration.put("quarkus.datasource.jdbc.url", s.postgres().jdbcUrl());
        configuration.put("quarkus.datasource.username", PostgresServer.USER);
        return configuration;
    }

    /** The service whose tests run here, as its application.properties names it (also its Kafka principal). */
    private static String serviceUnderTest() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties on the class path: which service is this?");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("quarkus.application.name");
    }

    @Override
    public void stop() {
        // The stack outlives one Quarkus application: the next test class reuses it; the shutdown hook ends it.
    }
}
