package tvae.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tvae.events.Topics;

/**
 * Every topic's partitions and how long it keeps what, in one place. The stack creates the topics from this list (the
 * broker creates none by itself) and brings older topics in line with it; Compose's kafka.sh sets the same
 * (ComposeFileTest). Nothing is kept forever:
 * <ul>
 *   <li>checkpoint announcements and chunks are compacted: the trainer withdraws a run's checkpoints beyond its newest
 *   few with tombstones (tvae.checkpoint-outbox.keep-published), and compaction then deletes their bytes, so the
 *   topics hold a few checkpoints per run whatever the history. Announcements wait {@link #ANNOUNCEMENTS_LAG} before
 *   compaction may take them, so the evaluator can record every checkpoint even after days away;</li>
 *   <li>requests, progress, samples and latents are deleted by age: PostgreSQL is their history, Kafka only the way
 *   there;</li>
 *   <li>dead letters are kept by age and bounded in bytes, since a hostile producer decides how many there are;</li>
 *   <li>the serving selection is compacted: one key, the last selection is what counts.</li>
 * </ul>
 * Partitions: topics that broadcast to every replica (the checkpoint topics) have one, topics whose consumers share
 * work in a group have {@link #SHARED_PARTITIONS}, the most replicas of one service a group can spread over.
 */
public final class TopicPolicies {
    /** Partitions of the topics a consumer group splits between its replicas. */
    public static final int SHARED_PARTITIONS = 4;
    static final Duration ANNOUNCEMENTS_LAG = Duration.ofDays(7);

    /** One topic: its name, partitions and topic-level configuration. */
    public record Policy(String topic, int partitions, Map<String, String> configs) {
    }

    public static final List<Policy> ALL = List.of(
            deleteAfter(Topics.TRAINING_REQUESTS, SHARED_PARTITIONS, Duration.ofDays(30)),
            deleteAfter(Topics.TRAINING_PROGRESS, SHARED_PARTITIONS, Duration.ofDays(7)),
            compacted(Topics.CHECKPOINTS, ANNOUNCEMENTS_LAG),
            compacted(Topics.CHECKPOINT_CHUNKS, Duration.ZERO),
            deleteAfter(Topics.INTERPOLATION_REQUESTS, SHARED_PARTITIONS, Duration.ofDays(1)),
            deleteAfter(Topics.INTERPOLATION_RESULTS, SHARED_PARTITIONS, Duration.ofDays(1)),
            deleteAfter(Topics.SAMPLES, SHARED_PARTITIONS, Duration.ofDays(7)),
            deleteAfter(Topics.PROBE_LATENTS, SHARED_PARTITIONS, Duration.ofDays(7)),
            bounded(deleteAfter(Topics.DEAD_LETTER, 1, Duration.ofDays(30)), 1L << 30),
            compacted(Topics.MODEL_SELECTION, Duration.ZERO));

    private TopicPolicies() {
    }

    /** Deleted by age; segments roll daily at most, so nothing outlives its retention by more than a day. */
    private static Policy deleteAfter(String topic, int partitions, Duration retention) {
        Map<String, String> configs = common();
        configs.put("cleanup.policy", "delete");
        configs.put("retention.ms", Long.toString(retention.toMillis()));
        configs.put("segment.ms", Long.toString(Math.min(retention.toMillis(), Duration.ofDays(1).toMillis())));
        return new Policy(topic, partitions, Map.copyOf(configs));
    }

    /**
     * Latest record per key. Segments roll hourly (compaction never touches the segment still written), and a tombstone
     * stays a day after compaction, for consumers that were behind.
     */
    private static Policy compacted(String topic, Duration lag) {
        Map<String, String> configs = common();
        configs.put("cleanup.policy", "compact");
        configs.put("min.compaction.lag.ms", Long.toString(lag.toMillis()));
        configs.put("delete.retention.ms", Long.toString(Duration.ofDays(1).toMillis()));
        configs.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        configs.put("segment.bytes", Integer.toString(64 * 1024 * 1024));
        return new Policy(topic, 1, Map.copyOf(configs));
    }

    private static Policy bounded(Policy policy, long bytesPerPartition) {
        Map<String, String> configs = new LinkedHashMap<>(policy.configs());
        configs.put("retention.bytes", Long.toString(bytesPerPartition));
        return new Policy(policy.topic(), policy.partitions(), Map.copyOf(configs));
    }

    private static Map<String, String> common() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("max.message.bytes", Integer.toString(KafkaCluster.MAX_MESSAGE_BYTES));
        return configs;
    }
}
