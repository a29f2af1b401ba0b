package tvae.trainer;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.transfer.CheckpointAssembler;

/** What inference-service does with a published checkpoint: both topics read read_committed, the chunks assembled. */
final class CheckpointReception {
    private CheckpointReception() {
    }

    static CheckpointPublished announcement(PlainKafkaClient kafka, String checkpointId, Duration wait) {
        return EventJson.decode(kafka.await(Topics.CHECKPOINTS, r -> checkpointId.equals(r.key()), wait).value(),
                CheckpointPublished.class);
    }

    /** The announced checkpoint's chunks assembled and checked against its sha256 (the outcome says whether they matched). */
    static CheckpointAssembler.Outcome assemble(PlainKafkaClient kafka, CheckpointPublished published, Duration wait)
            throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(Files.createTempDirectory("assembled"));
        assembler.accept(published);
        Optional<CheckpointAssembler.Outcome> outcome = Optional.empty();
        for (ConsumerRecord<String, byte[]> chunk : kafka.awaitAll(Topics.CHECKPOINT_CHUNKS,
                r -> published.checkpointId().equals(CheckpointChunk.checkpointIdOfKey(r.key())), published.chunkCount(), wait)) {
            outcome = assembler.accept(EventJson.decode(chunk.value(), CheckpointChunk.class));
        }
        return outcome.orElseThrow(() -> new AssertionError("chunks did not complete " + published.checkpointId()));
    }
}
