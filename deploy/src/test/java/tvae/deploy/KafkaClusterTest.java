package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tvae.events.Topics;

/**
 * A three-node cluster, as {@code ./tvae demo --brokers 3} starts it: every topic on three replicas that take a write
 * only when two have it, so the SIGKILL of the node leading a partition loses no acknowledged record and stops no
 * writer, and the node catches up when it comes back.
 */
class KafkaClusterTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    @RegisterExtension
    static final EphemeralStack STACK = new EphemeralStack(3);

    @Test
    void everyTopicHasThreeReplicasAndWantsTwoInSync() throws Exception {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    assertEquals(3, partition.replicas().size(), topic.name() + "[" + partition.partition() + "]");
                }
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(Topics.ALL.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all().get();
            configs.forEach((topic, config) -> assertEquals("2", config.get("min.insync.replicas").value(), topic.name()));
        }
    }

    @Test
    void theLeadersDeathLosesNoAcknowledgedRecordAndStopsNoWriter() throws Exception {
        String topic = Topics.DEAD_LETTER;
        try (PlainKafkaClient kafka = new PlainKafkaClient(STACK.stack().kafka().adminClientProperties()); Admin admin = admin()) {
            kafka.send(topic, "cluster-before", "acknowledged by two replicas at least");
            int leader = leaderOf(admin, topic);

            STACK.stack().kafka().killNode(leader);
            assertFalse(STACK.stack().kafka().isRunning(leader));
            awaitTrue(() -> nodes(admin) == 2, "the cluster to count two nodes");
            awaitTrue(() -> leaderOf(admin, topic) > 0 && leaderOf(admin, topic) != leader, "another node to lead " + topic);

            kafka.send(topic, "cluster-during", "written while a node is dead");
            Set<String> keys = kafka.readToEnd(topic, WAIT).stream().map(r -> r.key()).collect(Collectors.toSet());
            assertTrue(keys.containsAll(Set.of("cluster-before", "cluster-during")), "both records are there: " + keys);

            STACK.stack().kafka().startNode(leader);
            awaitTrue(() -> inSync(admin, topic) == 3, "the restarted node to catch up and rejoin the in-sync replicas");
        }
    }

    private static Admin admin() {
        return Admin.create(STACK.stack().kafka().adminClientProperties());
    }

    /** The node leading the topic's partition, or -1 while it has none. */
    private static int leaderOf(Admin admin, String topic) {
        TopicPartitionInfo partition = partition(admin, topic);
        return partition.leader() == null || partition.leader().isEmpty() ? -1 : partition.leader().id();
    }

    private static int inSync(Admin admin, String topic) {
        return partition(admin, topic).isr().size();
    }

    private static TopicPartitionInfo partition(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int nodes(Admin admin) {
        try {
            return admin.describeCluster().nodes().get().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the cluster shows it; the guard only stops a hang. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
            Thread.sleep(200);
        }
    }
}
