package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.ManagedProcess;
import tvae.checkpoint.Checkpoint;
import tvae.deploy.LocalStack;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.EventJson;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.trainer.runs.RunJournal;

/**
 * The trainer as a real process, killed with SIGKILL in the middle of a run and started again on the same disk:
 * the run must resume from its newest local checkpoint (not from step 0). Killed a second time with its newest
 * checkpoint then cut in half (a disk that lost the end of a file), it must refuse that one, resume from the one
 * before it, and finish.
 */
class TrainerCrashIT {
    /** Against a hang, not a bound on speed: a loaded machine trains these 300 steps slowly. */
    private static final Duration WAIT = Duration.ofMinutes(15);
    private static final String RUN = "crash-" + System.nanoTime();
    private static LocalStack stack;
    private static PlainKafkaClient kafka;
    private static Path checkpointDirectory;
    private static RunJournal journal;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStackTestResource.stack();
        kafka = new PlainKafkaClient(stack.kafka().adminClientProperties());
        checkpointDirectory = Files.createTempDirectory("trainer-crash");
        journal = new RunJournal(checkpointDirectory.resolve("runs"));   // the trainer's own layout of that directory
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
        long newestLocalStep = stepOf(journal.checkpoints(RUN).get(0));
        assertTrue(newestLocalStep >= 20 && newestLocalStep < 300, "killed between checkpoints, newest at " + newestLocalStep);

        try (ServiceProcess second = startTrainer()) {
            TrainingProgress resumed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.RESUMED), WAIT));
            assertEquals(newestLocalStep, resumed.step(), "resumed from the newest checkpoint: " + resumed.message());
            kafka.await(Topics.TRAINING_PROGRESS, r -> is(r, RunState.CHECKPOINTED) && progress(r).step() > newestLocalStep, WAIT);
            second.kill();
        }
        List<Path> local = journal.checkpoints(RUN);
        assertTrue(local.size() >= 2 && stepOf(local.get(0)) < 300, "two local checkpoints, the newest before the end: " + local);
        Path newest = local.get(0);
        long fallbackStep = stepOf(local.get(1));
        byte[] whole = Files.readAllBytes(newest);
        Path truncated = newest.resolveSibling("truncated.tmp");   // a new file: the outbox's hard link keeps the whole one
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        Files.move(truncated, newest, StandardCopyOption.REPLACE_EXISTING);

        try (ServiceProcess third = startTrainer()) {
            TrainingProgress resumed = progress(kafka.awaitAll(Topics.TRAINING_PROGRESS, r -> is(r, RunState.RESUMED), 2, WAIT).get(1));
            assertEquals(fallbackStep, resumed.step(), "the truncated " + newest.getFileName() + " was refused and the one "
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
                "tvae.progress-interval-ms", "500"), stack.secrets(), Path.of("target", "crash-test-logs"));
        trainer.awaitReady(ManagedProcess.START_GUARD);
        return trainer;
    }

    private static void submit(ServiceProcess trainer, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(trainer.request("/runs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
    }

    private static long stepOf(Path checkpoint) throws Exception {
        return Checkpoint.readManifest(checkpoint).path("step").asLong();
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, RunState state) {
        return RUN.equals(record.key()) && progress(record).state() == state;
    }

    private static TrainingProgress progress(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), TrainingProgress.class);
    }
}
