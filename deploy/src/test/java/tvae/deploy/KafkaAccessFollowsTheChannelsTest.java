package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** A channel added to a service without its grant would only fail at run time: each channel's topic and group is granted. */
class KafkaAccessFollowsTheChannelsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic");

    @Test
    void everyChannelsTopicAndGroupIsGrantedToItsService() throws IOException {
        for (String module : List.of("trainer-service", "inference-service", "evaluator-service")) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
                properties.load(reader);
            }
            String principal = properties.getProperty("quarkus.application.name");
            assertTrue(KafkaAccess.PRINCIPALS.contains(principal), module + " logs in as " + principal + ", who has no password");
            for (String key : properties.stringPropertyNames()) {
                Matcher channel = CHANNEL_TOPIC.matcher(key);
                if (!channel.matches()) {
                    continue;
                }
                String topic = properties.getProperty(key);
                boolean incoming = channel.group(1).equals("incoming");
                assertTrue(allows(principal, incoming ? AclOperation.READ : AclOperation.WRITE, ResourceType.TOPIC, topic),
                        principal + " may not " + (incoming ? "read " : "write ") + topic + " (channel " + channel.group(2) + ")");
                if (incoming) {
                    // SmallRye's group: the channel's own, the connector's, or else the application's name.
                    String group = properties.getProperty("mp.messaging.incoming." + channel.group(2) + ".group.id",
                            properties.getProperty("mp.messaging.connector.smallrye-kafka.group.id", principal));
                    assertTrue(allows(principal, AclOperation.READ, ResourceType.GROUP, group), principal + " may not use group " + group);
                }
            }
        }
    }

    private static boolean allows(String principal, AclOperation operation, ResourceType type, String name) {
        return KafkaAccess.GRANTS.stream().anyMatch(grant -> grant.principal().equals(principal) && grant.operation() == operation
                && grant.type() == type && grant.names().stream().anyMatch(granted ->
                        grant.pattern() == PatternType.PREFIXED ? name.startsWith(granted) : name.equals(granted)));
    }
}
