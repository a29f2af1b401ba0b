package tvae.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tvae.system.TinyRun.checkpoint;
import static tvae.system.TinyRun.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalServices;
import tvae.deploy.LocalStack;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.RunState;
import tvae.events.SampleDecoded;
import tvae.events.Topics;
import tvae.events.TrainingProgress;

/**
 * The scaled-out system under chaos, as real processes on loopback: 3 Kafka brokers, PostgreSQL, 2 trainers,
 * 2 inference replicas and 2 evaluators. During a training run, while a client sends interpolation requests over HTTP
 * at a fixed rate, the trainer holding the run, one broker, one inference replica and one evaluator are killed with
 * SIGKILL, one after another, each once the one before has shown its effect. Afterwards nothing is lost and nothing is
 * counted twice: every checkpoint step was published exactly once and the last one is served, every request was
 * answered (retries on the other replica are counted), every sample of every answer is stored once in PostgreSQL,
 * and the run completed on the trainer that survived.
 */
class ChaosIT {
    /** Against a hang, not a bound on speed: every wait below ends with the event it waits for. */
    private static final Duration GUARD = Duration.ofMinutes(15);
    private static final long MAX_STEPS = 400;
    private static final long CHECKPOINT_EVERY = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void killingABrokerATrainerAnInferenceReplicaAndAnEvaluatorLosesNothing() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("system-tests/target/chaos-" + System.currentTimeMillis()));
        Map<String, String> overrides = Map.of(
                // The suite's samples would only take the two cores from what is under test.
                "tvae.evaluation.enabled", "false",
                "tvae.data-cache", Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache").toString());
        TinyRun run = new TinyRun("chaos-" + System.currentTimeMillis(), MAX_STEPS, CHECKPOINT_EVERY);
        String runId = run.runId();
        try (LocalStack stack = LocalStack.startEphemeral(3);
             LocalServices services = LocalServices.start(stack, root, work, 0, 2, overrides);
             PlainKafkaClient kafka = new PlainKafkaClient(stack.kafka().adminClientProperties());
             FixedRateClient client = new FixedRateClient(services.inference())) {
            HttpResponse<String> submitted = run.submit(services.trainers().get(0));
            assertEquals(202, submitted.statusCode(), submitted.body());

            // 1. The trainer holding the run, as soon as it has published a checkpoint (so mid-run whatever the
            // machine's speed). The other trainer takes the run from the pool and resumes it from Kafka.
            CheckpointPublished first = checkpoint(kafka.await(Topics.CHECKPOINTS, run::announces, GUARD));
            String holder = first.trainer();
            int holderIndex = Integer.parseInt(holder.substring("trainer-".length())) - 1;
            String survivor = "trainer-" + (2 - holderIndex);
            services.trainers().get(holderIndex).kill();
            assertFalse(services.trainers().get(holderIndex).isAlive(), holder + " was killed");
            for (ServiceProcess replica : services.inference()) {
                awaitServing(replica, runId, first.step());
            }
            client.start(Duration.ofMillis(1000));
            client.awaitAnswered(3, GUARD);
            TrainingProgress resumed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r)
                    && progress(r).state() == RunState.RESUMED && survivor.equals(progress(r).trainer()), GUARD));
            assertTrue(resumed.step() >= first.step(), "resumed from a published checkpoint: " + resumed);

            // 2. A broker. Training and its progress go on with two of three.
            stack.kafka().killNode(2);
            assertFalse(stack.kafka().isRunning(2), "broker 2 was killed");
            long stepAtBrokerKill = newest(kafka, run).step();
            // The survivor's: the dead trainer's last events may carry later steps than the checkpoint resumed from.
            kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r) && survivor.equals(progress(r).trainer())
                    && progress(r).step() > stepAtBrokerKill, GUARD);

            // 3. An inference replica. The client's next request for it goes to the other one.
            ServiceProcess deadReplica = services.inference().get(1);
            deadReplica.kill();
            assertFalse(deadReplica.isAlive(), "inference replica 2 was killed");
            client.awaitRetried(1, GUARD);

            // 4. An evaluator. The other one takes its partitions of vae.samples.
            ServiceProcess deadEvaluator = services.evaluators().get(1);
            deadEvaluator.kill();
            assertFalse(deadEvaluator.isAlive(), "evaluator 2 was killed");

            TrainingProgress completed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r)
                    && progress(r).state().isFinal(), GUARD));
            assertEquals(RunState.COMPLETED, completed.state(), completed.toString());
            assertEquals(survivor, completed.trainer(), "completed on the surviving trainer");
            awaitServing(services.inference().get(0), runId, MAX_STEPS);
            client.awaitAnswered(client.answered() + 2, GUARD);
            client.close();

            Map<Long, Integer> publishedPerStep = run.publishedPerStep(kafka, GUARD);
            assertEquals(run.everyStepOnce(), publishedPerStep, "every checkpoint step published exactly once");

            assertEquals(List.of(), client.failures(), "every request answered");
            assertEquals(client.sent(), client.answered(), "every request answered");
            Set<String> expectedSamples = client.sampleIds();
            long stored = awaitStored(stack, expectedSamples);
            long onTopic = samplesOnTopic(kafka, expectedSamples);
            long storedForRun = storedRequestSamples(stack, runId);
            System.out.printf("chaos: requests sent %d, answered %d, retried on the other replica %d, busy answers %d; "
                            + "checkpoints published %d (%s), served %s; samples of answers %d, on vae.samples %d, stored %d "
                            + "(of the run's request samples stored: %d); duplicates %d, losses %d; resumed by %s at step %d%n",
                    client.sent(), client.answered(), client.retried(), client.busy(), publishedPerStep.size(),
                    publishedPerStep.keySet(), client.servedBy(), expectedSamples.size(), onTopic, stored, storedForRun,
                    onTopic - expectedSamples.size(), expectedSamples.size() - stored, survivor, resumed.step());
            assertEquals(expectedSamples.size(), stored, "every sample of every answer stored");
        }
    }

    /** The run's newest progress event on the topic now (a run's events share a partition: the last one read). */
    private static TrainingProgress newest(PlainKafkaClient kafka, TinyRun run) {
        List<ConsumerRecord<String, byte[]>> all = kafka.readToEnd(Topics.TRAINING_PROGRESS, GUARD).stream()
                .filter(run::reports).toList();
        return progress(all.get(all.size() - 1));
    }

    /** Records on vae.samples of the answered points: more than there are points means a sample was sent twice. */
    private static long samplesOnTopic(PlainKafkaClient kafka, Set<String> sampleIds) {
        return kafka.readToEnd(Topics.SAMPLES, GUARD).stream()
                .filter(r -> sampleIds.contains(EventJson.decode(r.value(), SampleDecoded.class).sampleId())).count();
    }

    /** Waits until the evaluators stored every sample (or the guard ends); returns how many of them are stored. */
    private static long awaitStored(LocalStack stack, Set<String> sampleIds) throws Exception {
        long deadline = System.nanoTime() + GUARD.toNanos();
        long stored;
        do {
            try (Connection connection = stack.postgres().connect();
                 PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM samples WHERE sample_id = ANY(?)")) {
                Array ids = connection.createArrayOf("text", sampleIds.toArray());
                count.setArray(1, ids);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    stored = result.getLong(1);
                }
            }
            if (stored < sampleIds.size()) {
                Thread.sleep(500);
            }
        } while (stored < sampleIds.size() && System.nanoTime() < deadline);
        return stored;
    }

    /** The run's request samples in PostgreSQL: the answered ones, and any a replica made for an answer it never gave. */
    private static long storedRequestSamples(LocalStack stack, String runId) throws Exception {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM samples WHERE run_id = ? AND kind = 'REQUEST'")) {
            count.setString(1, runId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Waits until the replica serves a checkpoint of the run at {@code step} or later (checkpoint ids end in the step). */
    private void awaitServing(ServiceProcess inference, String runId, long step) throws Exception {
        long deadline = System.nanoTime() + GUARD.toNanos();
        String prefix = runId + "-step-";
        String served = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> model = http.send(inference.request("/model").GET().build(), HttpResponse.BodyHandlers.ofString());
            served = JSON.readTree(model.body()).path("served").path("checkpointId").asText("");
            if (served.startsWith(prefix) && Long.parseLong(served.substring(prefix.length())) >= step) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(inference.url() + " did not serve step " + step + " of " + runId + " within " + GUARD
                + "; serves " + served);
    }
}
