package tvae.inference.serving;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.events.ModelSelected;
import tvae.messaging.DeadLetterPublisher;

/**
 * The serving selection every replica shares: a record of vae.model-selection (written by any replica's
 * {@code PUT /model/selection}) becomes this replica's selection. A record that is no selection is dead-lettered; a
 * selection whose checkpoint cannot be loaded here leaves the previous model serving, as on the replica that made it.
 */
@ApplicationScoped
public class SharedSelection {
    private static final Logger LOG = Logger.getLogger(SharedSelection.class);

    @Inject
    ModelServer server;

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetterChannel;

    private DeadLetterPublisher deadLetters;

    @PostConstruct
    void init() {
        deadLetters = new DeadLetterPublisher(deadLetterChannel, "inference-service");
    }

    /** Adopts the selection a record carries; never throws. */
    public void follow(ConsumerRecord<String, byte[]> record) {
        ModelSelected selected;
        try {
            selected = EventJson.decode(record.value(), ModelSelected.class);
        } catch (InvalidEventException | IllegalArgumentException | NullPointerException e) {
            deadLetters.refuse(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    "not a serving selection: " + e.getMessage());
            return;
        }
        ServingSelection selection = new ServingSelection(selected.runId());
        if (selection.equals(server.selection())) {
            return;
        }
        try {
            server.select(selection);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("shared selection %s could not be served here: %s", selection.describe(), e.getMessage());
        }
    }
}
