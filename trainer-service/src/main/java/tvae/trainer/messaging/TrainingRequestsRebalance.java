package tvae.trainer.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import tvae.trainer.runs.TrainingRunService;

/**
 * A run belongs to the trainer that holds its request's partition. When the consumer group takes a partition away (a
 * rebalance: a trainer joined or left) or this trainer loses it (its session expired: it was paused or cut off while
 * the group gave its runs to others), the runs of that partition go back to the pool instead of being trained, and
 * published, twice; if the partition comes back, its requests are delivered again and the runs resume here.
 */
@ApplicationScoped
@Identifier(TrainingRequestsRebalance.NAME)
public class TrainingRequestsRebalance implements KafkaConsumerRebalanceListener {
    /** Named in mp.messaging.incoming.training-requests.consumer-rebalance-listener.name. */
    static final String NAME = "training-requests-rebalance";

    @Inject
    TrainingRunService runs;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runs.handBack(partitions.stream().map(TopicPartition::partition).toList(),
                "the consumer group took its request's partition away");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runs.handBack(partitions.stream().map(TopicPartition::partition).toList(),
                "this trainer lost its place in the consumer group (its session expired)");
    }
}
