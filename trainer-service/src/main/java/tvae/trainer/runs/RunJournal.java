package tvae.trainer.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tvae.events.EventJson;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * Every run this trainer has taken, on local disk, so a trainer killed with SIGKILL knows after its restart which runs
 * were unfinished and where their last checkpoint is. One directory per run:
 * {@code request.json}, {@code progress.json} (its latest state) and {@code checkpoints/step-NNNNNNNN.zip}.
 * Files are replaced atomically, so a crash leaves either the old or the new version, never half of one.
 */
public final class RunJournal {
    private static final String REQUEST = "request.json";
    private static final String PROGRESS = "progress.json";
    private static final String CHECKPOINTS = "checkpoints";
    /** Older local checkpoints are deleted; two are kept in case the newest was cut short by a crash. */
    private static final int CHECKPOINTS_KEPT = 2;

    private final Path root;

    public RunJournal(Path root) {
        this.root = root;
    }

    /** A run's entry, oldest first; what a restarted trainer walks through. */
    public record Entry(TrainingRequested request, TrainingProgress latest) {
    }

    public void recordRequest(TrainingRequested request) {
        writeAtomically(runDirectory(request.runId()).resolve(REQUEST), EventJson.encode(request));
    }

    public void recordProgress(TrainingProgress progress) {
        writeAtomically(runDirectory(progress.runId()).resolve(PROGRESS), EventJson.encode(progress));
    }

    public List<Entry> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.filter(p -> Files.isRegularFile(p.resolve(REQUEST))).toList()) {
                TrainingRequested request = EventJson.decode(Files.readAllBytes(run.resolve(REQUEST)), TrainingRequested.class);
                TrainingProgress latest = Files.isRegularFile(run.resolve(PROGRESS))
                        ? EventJson.decode(Files.readAllBytes(run.resolve(PROGRESS)), TrainingProgress.class)
                        : TrainingProgress.state(request.runId(), tvae.events.RunState.ACCEPTED, 0, request.maxSteps(), "accepted");
                entries.add(new Entry(request, latest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run journal in " + root, e);
        }
        entries.sort(Comparator.comparing(e -> e.request().timestamp()));
        return entries;
    }

    /** Where the next checkpoint of a run at {@code step} is written. */
    public Path checkpointFile(String runId, long step) {
        Path directory = runDirectory(runId).resolve(CHECKPOINTS);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory.resolve(String.format("step-%08d.zip", step));
    }

    /** Checkpoints of a run, newest first (the names sort by step). */
    public List<Path> checkpoints(String runId) {
        Path directory = runDirectory(runId).resolve(CHECKPOINTS);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().matches("step-\\d{8}\\.zip"))
                    .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Path> latestCheckpoint(String runId) {
        return checkpoints(runId).stream().findFirst();
    }

    /** Deletes all but the newest few checkpoints of a run. */
    public void pruneCheckpoints(String runId) {
        List<Path> all = checkpoints(runId);
        for (Path old : all.subList(Math.min(CHECKPOINTS_KEPT, all.size()), all.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Path runDirectory(String runId) {
        return root.resolve(runId);
    }

    private static void writeAtomically(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
