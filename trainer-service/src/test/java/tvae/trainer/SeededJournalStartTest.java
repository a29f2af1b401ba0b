package tvae.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;
import tvae.trainer.runs.RunJournal;

/**
 * The trainer starts on a journal left by earlier crashes: a run that was training when the trainer died and had
 * already crashed it once without a new checkpoint (the crash-loop guard must fail it, not start it again), and a run
 * whose request file was cut in half (quarantined; the trainer still starts and lists the others).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@TestProfile(SeededJournalStartTest.SeededJournal.class)
class SeededJournalStartTest {
    static final Path CHECKPOINTS = createTempDirectory();

    public static class SeededJournal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            RunJournal journal = new RunJournal(CHECKPOINTS.resolve("runs"));
            TrainingRequested looping = TrainingRequested.of("crash-looping", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                    ModelSpec.preset("tiny"), null, 100, null, 20);
            journal.recordRequest(looping);
            journal.recordProgress(TrainingProgress.state("crash-looping", RunState.RUNNING, 7, 100, "running"));
            assertEquals(1, journal.recordCrash("crash-looping"), "the first crash, seen by the last start");
            journal.recordRequest(TrainingRequested.of("cut-short", DatasetSpec.of(DatasetKind.PYTHON_LINES),
                    ModelSpec.preset("tiny"), null, 100, null, 20));
            try {
                Path request = CHECKPOINTS.resolve("runs/cut-short/request.json");
                Files.writeString(request, Files.readString(request).substring(0, 40));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("tvae.checkpoint-dir", CHECKPOINTS.toString());
        }
    }

    @Test
    void aRunThatCrashedTheTrainerTwiceIsFailedAndAnUnreadableRunIsSetAside() throws IOException {
        given().get("/runs/crash-looping").then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("message", containsString("stopped 2 times in a row"));
        List<String> listed = given().get("/runs").then().statusCode(200).extract().jsonPath().getList("runId");
        assertEquals(List.of("crash-looping"), listed);
        try (Stream<Path> quarantined = Files.list(CHECKPOINTS.resolve("quarantine"))) {
            assertTrue(quarantined.anyMatch(p -> p.getFileName().toString().startsWith("cut-short-")));
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("seeded-journal");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
