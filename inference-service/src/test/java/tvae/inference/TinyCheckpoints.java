package tvae.inference;

import static tvae.deploy.TestApi.asOperator;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointContents;
import tvae.checkpoint.CheckpointSignature;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.deploy.LocalStackTestResource;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.EventJson;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;
import tvae.transfer.KafkaCheckpointPublisher;
import tvae.transfer.Sha256;

/**
 * Real checkpoints for serving tests: a tiny model trained for a few steps on real Python lines (what the trainer
 * would publish, only smaller), and a way to put them on the topics exactly as the trainer does.
 */
final class TinyCheckpoints {
    static final DatasetSpec DATASET = new DatasetSpec(DatasetKind.PYTHON_LINES, null, 128);
    /**
     * The test stack's signing key, whose public half the service under test (in-JVM or a process) is given: checkpoints
     * signed here are what trainer-service would publish.
     */
    static final PrivateKey TEST_SIGNING_KEY = CheckpointSignature.privateKey(
            LocalStackTestResource.stack().secrets().checkpointSigningKey(), "test signing key");

    /** How long a checkpoint may take to be served: a guard against a hang, far longer than any load. */
    private static final Duration SERVE_GUARD = Duration.ofMinutes(5);

    private static final Set<String> SERVED_RUNS = ConcurrentHashMap.newKeySet();

    private TinyCheckpoints() {
    }

    /**
     * A tiny checkpoint of {@code runId} trained {@code steps} steps, published and served by the service under test:
     * the checkpoint id. Call it from a test or a {@code @BeforeEach}, not {@code @BeforeAll}: GET /model answers only
     * once the Quarkus app runs.
     */
    static String serve(String runId, int steps) throws InterruptedException {
        String checkpointId = runId + "-step-" + steps;
        publish(LocalStackTestResource.stack().kafka().adminClientProperties(), train(runId, steps), checkpointId, runId, steps);
        awaitServed(checkpointId);
        return checkpointId;
    }

    /**
     * {@link #serve} the first time a run is asked for, nothing after: for a test class's {@code @BeforeEach}, so its
     * tests share one served checkpoint.
     */
    static void serveOnce(String runId, int steps) throws InterruptedException {
        if (SERVED_RUNS.add(runId)) {
            serve(runId, steps);
        }
    }

    /** Waits until the service under test (in this JVM) serves {@code checkpointId}, asking GET /model as a client would. */
    static void awaitServed(String checkpointId) throws InterruptedException {
        long deadline = System.nanoTime() + SERVE_GUARD.toNanos();
        while (!checkpointId.equals(asOperator().get("/model").then().extract().path("served.checkpointId"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(checkpointId + " not served after " + SERVE_GUARD + ": " + asOperator().get("/model").asString());
            }
            Thread.sleep(200);
        }
    }

    /** Trains {@code steps} steps and saves the checkpoint zip, signed with the test key. */
    static Path train(String runId, int steps) {
        try {
            PreparedDataset data = Datasets.prepare(DATASET, dataCache());   // the trainer's own path to its data
            List<String> lines = data.corpus().texts(Split.TRAIN);
            TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
            Path zip = Files.createTempDirectory("tiny-checkpoint").resolve(runId + ".zip");
            try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("tiny"), data.tokenizer(),
                    lines, data.corpus().texts(Split.VALID), Device.cpu())) {
                for (int i = 0; i < steps; i++) {
                    session.step();
                }
                session.saveCheckpoint(zip, runId, Map.of(), DATASET, TEST_SIGNING_KEY);
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
    static CheckpointPublished publish(Map<String, Object> clientProperties, Path zip, String checkpointId, String runId, long step) {
        try (KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(clientProperties, "test-" + checkpointId)) {
            JsonNode manifest = Checkpoint.readManifest(zip);
            CheckpointPublished announcement = publisher.announce(zip, checkpointId, runId, step, manifest);
            publisher.publish(zip, announcement);
            return announcement;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same weights written again as step {@code step}, signed by {@code key} (null: unsigned). */
    static Path rewritten(Path zip, long step, PrivateKey key) {
        try {
            CheckpointContents c = Checkpoint.read(zip);
            return Checkpoint.write(Files.createTempDirectory("rewritten").resolve("step-" + step + ".zip"),
                    new CheckpointContents(c.runId(), step, c.config(), c.tokenizerFiles(), c.parameters(), c.optimizer(),
                            c.trainerState(), c.metrics(), c.dataset()), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a file under an announcement of our own making, as a forger writing to the topics would. */
    static void publish(Map<String, Object> clientProperties, Path zip, CheckpointPublished announcement) {
        try (KafkaCheckpointPublisher publisher = new KafkaCheckpointPublisher(clientProperties, "test-" + announcement.checkpointId())) {
            publisher.publish(zip, announcement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A zip bomb signed with the test key (as a leaked key or a trainer bug could make one): its manifest lists
     * parameters.bin as 100 bytes, the entry inflates to 64 MiB.
     */
    static Path signedZipBomb(String runId, long step) {
        try {
            ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("formatVersion", Checkpoint.FORMAT_VERSION)
                    .put("runId", runId).put("step", step).put("createdAt", java.time.Instant.now().toString());
            manifest.putObject("files").putObject("parameters.bin").put("sha256", Sha256.of(new byte[100])).put("size", 100);
            byte[] manifestBytes = EventJson.mapper().writeValueAsBytes(manifest);
            Path bomb = Files.createTempDirectory("bomb").resolve("bomb.zip");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
                zip.putNextEntry(new ZipEntry(Checkpoint.MANIFEST));
                zip.write(manifestBytes);
                zip.putNextEntry(new ZipEntry(Checkpoint.SIGNATURE));
                zip.write(Base64.getEncoder().encode(CheckpointSignature.sign(TEST_SIGNING_KEY, manifestBytes)));
                zip.putNextEntry(new ZipEntry("parameters.bin"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            return bomb;
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
