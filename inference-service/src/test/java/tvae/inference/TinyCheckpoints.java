package tvae.inference;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tvae.checkpoint.Checkpoint;
import tvae.data.Split;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;
import tvae.transfer.KafkaCheckpointPublisher;

/**
 * Real checkpoints for serving tests: a tiny model trained for a few steps on real Python lines (what the trainer
 * would publish, only smaller), and a way to put them on the topics exactly as the trainer does.
 */
final class TinyCheckpoints {
    static final DatasetSpec DATASET = new DatasetSpec(DatasetKind.PYTHON_LINES, null, 128);

    private TinyCheckpoints() {
    }

    /** Trains {@code steps} steps and saves the checkpoint zip. */
    static Path train(String runId, int steps) {
        try {
            PreparedDataset data = Datasets.prepare(DATASET, dataCache());   // the trainer's own path to its data
            List<String> lines = data.corpus().texts(Split.TRAIN);
            TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
            Path zip = Files.createTempDirectory("tiny-checkpoint").resolve(runId + ".zip");
            try (TrainingSession session = TrainingSession.start(config, TrainingOptions.defaults(config), data.tokenizer(),
                    lines, data.corpus().texts(Split.VALID), Device.cpu())) {
                for (int i = 0; i < steps; i++) {
                    session.step();
                }
                session.saveCheckpoint(zip, runId, Map.of(), DATASET);
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same cache the services use in tests, so the corpus and its tokenizer are built once per machine. */
    static Path dataCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache");
    }

    /** Publishes a file as checkpoint {@code checkpointId} in one transaction, like trainer-service's outbox. */
    static CheckpointPublished publish(String bootstrapServers, Path zip, String checkpointId, String runId, long step) {
        try (KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(bootstrapServers, "test-" + checkpointId)) {
            JsonNode manifest = Checkpoint.readManifest(zip);
            CheckpointPublished announcement = publisher.announce(zip, checkpointId, runId, step, manifest);
            publisher.publish(zip, announcement);
            return announcement;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with one byte flipped in its middle: the transfer checksums still match (they are taken after), loading must not. */
    static Path corrupted(Path zip) {
        try {
            byte[] bytes = Files.readAllBytes(zip);
            bytes[bytes.length / 2] ^= 0x5A;
            return Files.write(Files.createTempFile("corrupt", ".zip"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
