package tvae.trainer.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.events.CheckpointPublished;
import tvae.trainer.checkpoints.CheckpointTransport;
import tvae.transfer.KafkaCheckpointPublisher;

/** The outbox's way to the broker: {@link KafkaCheckpointPublisher} (one transaction per checkpoint) with this service's config. */
@ApplicationScoped
public class KafkaCheckpointTransport implements CheckpointTransport {
    /** Every kafka.* setting (broker, SASL login), as the channels get them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tvae.checkpoint-transactional-id")
    String transactionalId;

    private KafkaCheckpointPublisher publisher;

    @PostConstruct
    void init() {
        publisher = new KafkaCheckpointPublisher(kafkaConfig, transactionalId);
    }

    @Override
    public void publish(Path file, CheckpointPublished announcement, List<CheckpointPublished> withdrawn) throws IOException {
        publisher.publish(file, announcement, withdrawn);
    }

    void onStop(@Observes ShutdownEvent event) {
        publisher.close();
    }
}
