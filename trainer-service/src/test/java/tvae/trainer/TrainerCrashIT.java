package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStack;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.EventJson;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;

/**
 * The trainer as a real process, killed with SIGKILL in the middle of a run and started again on the same disk:
 * the run must resume from its newest local checkpoint (not from step 0). Killed a second time with its newest
 * checkpoint then cut in half (a disk that lost the end of a file), it must refuse that one, resume from the one
 * before it, and finish.
 */
class TrainerCrashIT {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String RUN = "crash-" + System.nanoTime();
    private static LocalStack stack;
    private static PlainKafkaClient kafka;
    private static Path checkpointDirectory;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStackTestResource.stack();
        kafka = new PlainKafkaClient(stack.kafka().bootstrapServers());
        checkpointDirectory = Files.createTempDirectory("trainer-crash");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aKilledTrainerResumesItsRunFromTheLastCheckpointThatLoads() throws Exception {
        try (ServiceProcess first = startTrainer()) {
            submit(first, "{\"runId\":\"" + RUN + "\",\"dataset\":{\"kind\":\"python-lines\",\"maxItems\":512},"
                    + "\"model\":{\"preset\":\"tiny\"},\"hyperParameters\":{\"batchSize\":16},\"maxSteps\":300,\"checkpointEvery\":20}");
            kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.CHECKPOINTED), WAIT);
            first.kill();
        }
        long newestLocalStep = localCheckpointSteps().get(0);
        assertTrue(newestLocalStep >= 20 && newestLocalStep < 300, "killed between checkpoints, newest at " + newestLocalStep);

        try (ServiceProcess second = startTrainer()) {
            TrainingProgress resumed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.RESUMED), WAIT));
            assertEquals(newestLocalStep, resumed.step(), "resumed from the newest checkpoint: " + resumed.message());
            kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.CHECKPOINTED) && progress(r).step() > newestLocalStep, WAIT);
            second.kill();
        }
        List<Long> steps = localCheckpointSteps();
        assertTrue(steps.size() >= 2 && steps.get(0) < 300, "two local checkpoints, the newest before the end: " + steps);
        long fallbackStep = steps.get(1);
        Path newest = checkpointFile(steps.get(0));
        byte[] whole = Files.readAllBytes(newest);
        Path truncated = newest.resolveSibling("truncated.tmp");   // a new file: the outbox's hard link keeps the whole one
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        Files.move(truncated, newest, StandardCopyOption.REPLACE_EXISTING);

        try (ServiceProcess third = startTrainer()) {
            TrainingProgress resumed = progress(kafka.awaitAll(Topics.TRAINING_PROGRESS, r -> is(r, RunState.RESUMED), 2, WAIT).get(1));
            assertEquals(fallbackStep, resumed.step(), "the truncated step-" + steps.get(0) + " checkpoint was refused and the one "
                    + "before it used: " + resumed.message());
            TrainingProgress completed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.COMPLETED), WAIT));
            assertEquals(300, completed.step());
        }
        List<TrainingProgress> events = kafka.readToEnd(Topics.TRAINING_PROGRESS, WAIT).stream()
                .filter(r -> RUN.equals(r.key())).map(TrainerCrashIT::progress).toList();
        long restartsFromZero = events.stream().filter(e -> e.state() == RunState.RUNNING && e.step() == 0).count();
        assertEquals(1, restartsFromZero, "only the first start trained from step 0");
    }

    private static ServiceProcess startTrainer() throws Exception {
        ServiceProcess trainer = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "trainer-service", 0, Map.of(
                "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "tvae.checkpoint-dir", checkpointDirectory.toString(),
                "tvae.data-cache", System.getProperty("java.io.tmpdir") + "/tvae-data-cache",
                "tvae.progress-interval-ms", "500"), Path.of("target", "crash-test-logs"));
        trainer.awaitReady(Duration.ofSeconds(60));
        return trainer;
    }

    private static void submit(ServiceProcess trainer, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(trainer.url() + "/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
    }

    /** Steps of the run's local checkpoints, newest first. */
    private List<Long> localCheckpointSteps() throws Exception {
        try (Stream<Path> files = Files.list(checkpointFile(0).getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d{8}\\.zip"))
                    .map(n -> Long.parseLong(n.substring(5, 13))).sorted(Comparator.reverseOrder()).toList();
        }
    }

    private static Path checkpointFile(long step) {
        return checkpointDirectory.resolve("runs").resolve(RUN).resolve("checkpoints").resolve(String.format("step-%08d.zip", step));
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, RunState state) {
        return RUN.equals(record.key()) && progress(record).state() == state;
    }

    private static TrainingProgress progress(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), TrainingProgress.class);
    }
}
