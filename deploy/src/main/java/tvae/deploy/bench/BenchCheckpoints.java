package tvae.deploy.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tvae.checkpoint.Checkpoint;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.deploy.LocalStack;
import tvae.deploy.ServiceProcess;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;
import tvae.transfer.KafkaCheckpointPublisher;

/** Real checkpoints for the inference benchmarks: trained, signed and published as the trainer does it. */
final class BenchCheckpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The python-lines corpus, at a size the tiny model trains on in seconds. */
    static final DatasetSpec DATASET = new DatasetSpec(DatasetKind.PYTHON_LINES, null, 2048);

    private BenchCheckpoints() {
    }

    /** Where the benchmarks started in {@code root} keep their prepared data: the services are told the same place. */
    static Path dataCache(Path root) {
        return root.resolve("run/data-cache");
    }

    /** {@link #DATASET}, prepared (or read back) in {@link #dataCache}. */
    static PreparedDataset prepare(Path root) throws IOException {
        return Datasets.prepare(DATASET, dataCache(root));
    }

    /**
     * Distinct checkpoints of {@link #DATASET} ({@code data}, as {@link #prepare} gives it), signed as the trainer
     * signs them: a tiny model after 2, 4, 6, ... steps.
     */
    static List<Path> trainTiny(PreparedDataset data, int count, PrivateKey signingKey, String runId) throws Exception {
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        Path directory = Files.createTempDirectory(runId);
        List<Path> files = new ArrayList<>();
        List<String> train = data.corpus().texts(Split.TRAIN);
        try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("tiny"), data.tokenizer(), train,
                List.of(), Device.cpu())) {
            for (int i = 0; i < count; i++) {
                session.step();
                session.step();
                files.add(session.saveCheckpoint(directory.resolve(runId + "-" + i + ".zip"), runId, Map.of(), DATASET, signingKey));
            }
        }
        return files;
    }

    /** Publishes {@code zip} as {@code checkpointId} of {@code runId}, in one transaction as the trainer does. */
    static void publish(LocalStack stack, Path zip, String checkpointId, String runId) {
        try (KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(stack.kafka().adminClientProperties(),
                "bench-" + checkpointId)) {
            JsonNode manifest = Checkpoint.readManifest(zip);
            // The announcement must repeat the signed manifest's step, or inference refuses it as forged.
            publisher.publish(zip, publisher.announce(zip, checkpointId, runId, manifest.path("step").asLong(), manifest));
        } catch (Exception e) {
            throw new IllegalStateException("could not publish checkpoint " + checkpointId, e);
        }
    }

    static void awaitServed(HttpClient http, ServiceProcess inference, String checkpointId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (checkpointId.equals(model(http, inference).path("served").path("checkpointId").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(checkpointId + " was not served within 5 minutes");
    }

    /** GET /model of the service. */
    static JsonNode model(HttpClient http, ServiceProcess inference) throws Exception {
        return JSON.readTree(http.send(inference.request("/model").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
