package tvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.ManagedProcess;
import tvae.deploy.ServiceProcess;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.trainer.runs.RunJournal;

/**
 * The trainer as a real process, started on a journal left by earlier crashes: a run that was training when the
 * trainer died and had crashed it once before without a new checkpoint (the crash-loop guard must fail it, not start
 * it again), and a run whose request file was cut in half (quarantined; the trainer still starts and lists the rest).
 */
class SeededJournalStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunThatCrashedTheTrainerTwiceIsFailedAndAnUnreadableRunIsSetAside() throws Exception {
        Path checkpoints = Files.createTempDirectory("seeded-journal");
        RunJournal journal = new RunJournal(checkpoints.resolve("runs"));
        journal.recordRequest(request("crash-looping"));
        journal.recordProgress(TrainingProgress.state("crash-looping", RunState.RUNNING, 7, 100, "running"));
        assertEquals(1, journal.recordCrash("crash-looping"), "the first crash, as the last start saw it");
        journal.recordRequest(request("cut-short"));
        Path cut = checkpoints.resolve("runs/cut-short/request.json");
        Files.writeString(cut, Files.readString(cut).substring(0, 40));

        try (ServiceProcess trainer = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "trainer-service", 0,
                Map.of("kafka.bootstrap.servers", LocalStackTestResource.stack().kafka().bootstrapServers(),
                        "tvae.checkpoint-dir", checkpoints.toString()), LocalStackTestResource.stack().secrets(),
                Path.of("target", "seeded-journal-logs"))) {
            trainer.awaitReady(ManagedProcess.START_GUARD);

            JsonNode looping = get(trainer, "/runs/crash-looping");
            assertEquals("FAILED", looping.path("state").asText(), looping.toString());
            assertTrue(looping.path("message").asText().contains("stopped 2 times in a row"), looping.toString());
            List<String> listed = JSON.readerForListOf(JsonNode.class).<List<JsonNode>>readValue(get(trainer, "/runs"))
                    .stream().map(run -> run.path("runId").asText()).toList();
            assertEquals(List.of("crash-looping"), listed);
        }
        try (Stream<Path> quarantined = Files.list(checkpoints.resolve("quarantine"))) {
            assertTrue(quarantined.anyMatch(p -> p.getFileName().toString().startsWith("cut-short-")));
        }
    }

    private static JsonNode get(ServiceProcess trainer, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(trainer.request(path)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static TrainingRequested request(String runId) {
        return TrainingRequested.of(runId, DatasetSpec.of(DatasetKind.PYTHON_LINES), ModelSpec.preset("tiny"), null, 100, null, 20);
    }
}
