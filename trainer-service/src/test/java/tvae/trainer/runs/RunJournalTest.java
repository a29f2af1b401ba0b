package tvae.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.ModelSpec;
import tvae.events.RunState;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

class RunJournalTest {
    @TempDir
    Path dir;

    @Test
    void anUnreadableRunIsQuarantinedAndTheOthersAreStillListed() throws IOException {
        RunJournal journal = new RunJournal(dir.resolve("runs"));
        journal.recordRequest(request("good"));
        journal.recordRequest(request("cut-short"));
        Path cut = dir.resolve("runs/cut-short/request.json");
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));

        List<RunJournal.Entry> entries = journal.entries();

        assertEquals(List.of("good"), entries.stream().map(e -> e.request().runId()).toList());
        assertFalse(Files.exists(dir.resolve("runs/cut-short")), "moved out of the journal");
        try (Stream<Path> quarantined = Files.list(journal.quarantineDirectory())) {
            Path moved = quarantined.findFirst().orElseThrow();
            assertTrue(moved.getFileName().toString().startsWith("cut-short-"), moved.toString());
            assertTrue(Files.exists(moved.resolve("request.json")), "kept for a person to look at");
        }
        assertEquals(1, journal.entries().size(), "the next start sees the same, without the bad run");
    }

    @Test
    void crashesAreCountedInARowUntilTheRunMakesANewCheckpoint() throws IOException {
        RunJournal journal = new RunJournal(dir.resolve("runs"));
        journal.recordRequest(request("looping"));
        journal.recordProgress(TrainingProgress.state("looping", RunState.RUNNING, 3, 100, "running"));

        assertEquals(1, journal.recordCrash("looping"));
        assertEquals(2, journal.recordCrash("looping"), "no checkpoint since the first crash");
        Files.write(journal.checkpointFile("looping", 20), new byte[] {1});
        assertEquals(1, journal.recordCrash("looping"), "a checkpoint in between starts the count again");
        assertEquals(2, journal.recordCrash("looping"));
    }

    private static TrainingRequested request(String runId) {
        return TrainingRequested.of(runId, DatasetSpec.of(DatasetKind.PYTHON_LINES), ModelSpec.preset("tiny"), null, 100, null, 20);
    }
}
