package tvae.system;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.ServiceProcess;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.events.TrainingProgress;

/**
 * The run the system tests train (the tiny preset on 512 python lines, batches of 16, a checkpoint every
 * {@code checkpointEvery} steps) and how they read it back from the broker.
 */
record TinyRun(String runId, long maxSteps, long checkpointEvery) {

    /** POSTs the run to a trainer; the response says whether the pool took the request. */
    HttpResponse<String> submit(ServiceProcess trainer) throws IOException, InterruptedException {
        String body = "{\"runId\":\"" + runId + "\",\"dataset\":{\"kind\":\"python-lines\",\"maxItems\":512},"
                + "\"model\":{\"preset\":\"tiny\"},\"hyperParameters\":{\"batchSize\":16},\"maxSteps\":" + maxSteps
                + ",\"checkpointEvery\":" + checkpointEvery + "}";
        return HttpClient.newHttpClient().send(trainer.request("/runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether a record of vae.checkpoints announces one of this run's checkpoints (a tombstone does not). */
    boolean announces(ConsumerRecord<String, byte[]> record) {
        return record.value() != null && checkpoint(record).runId().equals(runId);
    }

    /** Whether a record of vae.training-progress is this run's. */
    boolean reports(ConsumerRecord<String, byte[]> record) {
        return runId.equals(record.key());
    }

    /** Announcements of the run on vae.checkpoints now, counted by step. */
    Map<Long, Integer> publishedPerStep(PlainKafkaClient kafka, Duration guard) {
        Map<Long, Integer> perStep = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : kafka.readToEnd(Topics.CHECKPOINTS, guard)) {
            if (announces(record)) {
                perStep.merge(checkpoint(record).step(), 1, Integer::sum);
            }
        }
        return perStep;
    }

    /** Every checkpoint step of a completed run, each once: what {@link #publishedPerStep} must equal. */
    Map<Long, Integer> everyStepOnce() {
        Map<Long, Integer> once = new TreeMap<>();
        for (long step = checkpointEvery; step <= maxSteps; step += checkpointEvery) {
            once.put(step, 1);
        }
        return once;
    }

    static CheckpointPublished checkpoint(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), CheckpointPublished.class);
    }

    static TrainingProgress progress(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), TrainingProgress.class);
    }
}
