package tvae.trainer.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.events.CheckpointPublished;
import tvae.trainer.checkpoints.CheckpointTransport;
import tvae.transfer.KafkaCheckpointPublisher;

/** The outbox's way to the broker: {@link KafkaCheckpointPublisher} (one transaction per checkpoint) with this service's config. */
@ApplicationScoped
public class KafkaCheckpointTransport implements CheckpointTransport {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tvae.checkpoint-transactional-id", defaultValue = "trainer-service-checkpoints")
    String transactionalId;

    private KafkaCheckpointPublisher publisher;

    @PostConstruct
    void init() {
        publisher = new KafkaCheckpointPublisher(bootstrapServers, transactionalId);
    }

    @Override
    public void publish(Path file, CheckpointPublished announcement) throws IOException {
        publisher.publish(file, announcement);
    }

    void onStop(@Observes ShutdownEvent event) {
        publisher.close();
    }
}
