package tvae.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Makes the broker's topics what {@link TopicPolicies} says: creates the missing ones with their partitions,
 * replication factor and configuration, and brings existing ones in line (more partitions where the policy has more,
 * every configured value set). Replicated topics need two in-sync replicas to take a write, so with {@code acks=all}
 * no acknowledged record lives on one broker only.
 */
final class TopicSetup {
    /** Creating replicated topics on a cluster that has just started can take a while; this only stops a hang. */
    private static final Duration ADMIN_CALL_GUARD = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** The topic configuration a policy gets on a cluster with this replication factor. */
    static Map<String, String> configs(TopicPolicies.Policy policy, int replicationFactor) {
        Map<String, String> configs = new LinkedHashMap<>(policy.configs());
        configs.put("min.insync.replicas", Integer.toString(minInSync(replicationFactor)));
        return configs;
    }

    static int minInSync(int replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }

    /** @return the topics whose partitions or configuration it changed (created ones not counted) */
    static List<String> apply(Admin admin, Collection<TopicPolicies.Policy> policies, int replicationFactor) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<NewTopic> missing = policies.stream().filter(policy -> !existing.contains(policy.topic()))
                .map(policy -> new NewTopic(policy.topic(), policy.partitions(), (short) replicationFactor)
                        .configs(configs(policy, replicationFactor)))
                .toList();
        if (!missing.isEmpty()) {
            await(admin.createTopics(missing).all(), "create topics " + missing.stream().map(NewTopic::name).toList());
        }
        List<TopicPolicies.Policy> present = policies.stream().filter(policy -> existing.contains(policy.topic())).toList();
        if (present.isEmpty()) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(
                present.stream().map(TopicPolicies.Policy::topic).toList()).allTopicNames(), "describe topics");
        Map<String, NewPartitions> grow = new HashMap<>();
        for (TopicPolicies.Policy policy : present) {
            if (descriptions.get(policy.topic()).partitions().size() < policy.partitions()) {
                grow.put(policy.topic(), NewPartitions.increaseTo(policy.partitions()));
            }
        }
        if (!grow.isEmpty()) {
            await(admin.createPartitions(grow).all(), "add partitions to " + grow.keySet());
            changed.addAll(grow.keySet());
        }
        Map<ConfigResource, Config> current = await(admin.describeConfigs(present.stream()
                .map(policy -> new ConfigResource(ConfigResource.Type.TOPIC, policy.topic())).toList()).all(), "describe topic configs");
        Map<ConfigResource, Collection<AlterConfigOp>> alterations = new HashMap<>();
        for (TopicPolicies.Policy policy : present) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, policy.topic());
            List<AlterConfigOp> ops = configs(policy, replicationFactor).entrySet().stream()
                    .filter(wanted -> !wanted.getValue().equals(valueOf(current.get(resource), wanted.getKey())))
                    .map(wanted -> new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET))
                    .collect(Collectors.toList());
            if (!ops.isEmpty()) {
                alterations.put(resource, ops);
                if (!changed.contains(policy.topic())) {
                    changed.add(policy.topic());
                }
            }
        }
        if (!alterations.isEmpty()) {
            await(admin.incrementalAlterConfigs(alterations).all(), "configure topics");
        }
        return changed;
    }

    private static String valueOf(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        return KafkaCluster.await(future, ADMIN_CALL_GUARD, what);
    }
}
