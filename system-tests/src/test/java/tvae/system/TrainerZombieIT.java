package tvae.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tvae.system.TinyRun.checkpoint;
import static tvae.system.TinyRun.progress;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStack;
import tvae.deploy.ManagedProcess;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.CheckpointPublished;
import tvae.events.RunState;
import tvae.events.Topics;
import tvae.events.TrainingProgress;

/**
 * Two trainers and a zombie: the trainer holding a run is frozen (SIGSTOP, as a long GC pause or a stalled host would)
 * until the consumer group has given the run to the other trainer, then thawed. The thawed trainer must hand the run
 * back instead of training and publishing it beside the new owner: the run completes and every checkpoint step is
 * announced exactly once.
 */
class TrainerZombieIT {
    /** Against a hang, not a bound on speed. */
    private static final Duration GUARD = Duration.ofMinutes(15);
    private static final long MAX_STEPS = 300;
    private static final long CHECKPOINT_EVERY = 50;

    @Test
    void aFrozenTrainerThatWakesUpHandsItsRunBack() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("system-tests/target/zombie-" + System.currentTimeMillis()));
        TinyRun run = new TinyRun("zombie-" + System.currentTimeMillis(), MAX_STEPS, CHECKPOINT_EVERY);
        List<ServiceProcess> trainers = new ArrayList<>();
        try (LocalStack stack = LocalStack.startEphemeral(1);
             PlainKafkaClient kafka = new PlainKafkaClient(stack.kafka().adminClientProperties())) {
            for (int replica = 1; replica <= 2; replica++) {
                trainers.add(ServiceProcess.start(root, "trainer-service", replica, 0, Map.of(
                        "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                        "tvae.trainer.id", "trainer-" + replica,
                        "tvae.checkpoint-dir", work.resolve("checkpoints-" + replica).toString(),
                        "tvae.data-cache", Path.of(System.getProperty("java.io.tmpdir"), "tvae-data-cache").toString()),
                        stack.secrets(), work.resolve("logs"), 0));
            }
            for (ServiceProcess trainer : trainers) {
                trainer.awaitReady(ManagedProcess.START_GUARD);
            }
            HttpResponse<String> submitted = run.submit(trainers.get(0));
            assertEquals(202, submitted.statusCode(), submitted.body());

            CheckpointPublished first = checkpoint(kafka.await(Topics.CHECKPOINTS, run::announces, GUARD));
            String holder = first.trainer();
            String other = holder.equals("trainer-1") ? "trainer-2" : "trainer-1";
            ServiceProcess frozen = trainers.get(Integer.parseInt(holder.substring("trainer-".length())) - 1);
            frozen.pause();
            TrainingProgress resumed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r)
                    && progress(r).state() == RunState.RESUMED && other.equals(progress(r).trainer()), GUARD));
            assertTrue(resumed.step() >= first.step(), "the other trainer resumed from a published checkpoint: " + resumed);

            frozen.resume();
            // Past the checkpoint it froze after: a hand-back before it (a rebalance while both trainers joined) is not this.
            TrainingProgress stoodDown = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r)
                    && holder.equals(progress(r).trainer()) && progress(r).state() == RunState.QUEUED
                    && progress(r).step() >= first.step() && progress(r).message() != null
                    && progress(r).message().startsWith("handed back"), GUARD));
            TrainingProgress completed = progress(kafka.await(Topics.TRAINING_PROGRESS, r -> run.reports(r)
                    && progress(r).state().isFinal(), GUARD));
            assertEquals(RunState.COMPLETED, completed.state(), completed.toString());

            Map<Long, Integer> perStep = run.publishedPerStep(kafka, GUARD);
            System.out.printf("zombie: %s frozen after step %d, %s resumed at step %d, %s thawed and stood down: %s; "
                            + "completed by %s; announcements per step %s%n", holder, first.step(), other, resumed.step(),
                    holder, stoodDown.message(), completed.trainer(), perStep);
            assertEquals(run.everyStepOnce(), perStep, "every checkpoint step announced exactly once");
        } finally {
            trainers.forEach(ServiceProcess::close);
        }
    }

}
