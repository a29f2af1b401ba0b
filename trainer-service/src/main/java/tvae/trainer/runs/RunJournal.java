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
import org.jboss.logging.Logger;
import tvae.events.EventJson;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * Every run this trainer has taken, on local disk, so a trainer killed with SIGKILL knows after its restart which runs
 * were unfinished and where their last checkpoint is. One directory per run:
 * {@code request.json}, {@code progress.json} (its latest state), {@code checkpoints/step-NNNNNNNN.zip} and, after a
 * crash, {@code crashes.txt} (crashes in a row without a new checkpoint, and that checkpoint's step).
 * Files are replaced atomically, so a crash leaves either the old or the new version, never half of one.
 */
public final class RunJournal {
    private static final String REQUEST = "request.json";
    private static final String PROGRESS = "progress.json";
    private static final String CHECKPOINTS = "checkpoints";
    private static final String CRASHES = "crashes.txt";
    private static final Logger LOG = Logger.getLogger(RunJournal.class);
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

    /**
     * Every readable run. A run whose files cannot be read (cut short, not JSON, not a valid event) is moved to
     * {@code quarantine/} beside the journal and left out, so one bad run never stops the trainer.
     */
    public List<Entry> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> runs;
        try (Stream<Path> listed = Files.list(root)) {
            runs = listed.filter(p -> Files.isRegularFile(p.resolve(REQUEST))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run journal in " + root, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path run : runs) {
            try {
                entries.add(read(run));
            } catch (IOException | RuntimeException e) {
                quarantine(run, e);
            }
        }
        entries.sort(Comparator.comparing(e -> e.request().timestamp()));
        return entries;
    }

    /** Where unreadable runs are moved, one directory each. */
    public Path quarantineDirectory() {
        return root.resolveSibling("quarantine");
    }

    /**
     * Counts one more crash of a run that was on the device when the trainer stopped. The count starts again at 1
     * whenever the run made a checkpoint since the last crash, so it counts crashes without progress in between.
     * @return how many times in a row the run crashed the trainer without a new checkpoint
     */
    public int recordCrash(String runId) {
        long checkpointStep = latestCheckpoint(runId).map(RunJournal::stepOf).orElse(0L);
        Path file = runDirectory(runId).resolve(CRASHES);
        int count = 1;
        try {
            if (Files.isRegularFile(file)) {
                String[] previous = Files.readString(file).trim().split(" ");
                if (previous.length == 2 && Long.parseLong(previous[1]) == checkpointStep) {
                    count = Integer.parseInt(previous[0]) + 1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            count = 1; // an unreadable count is taken as the first crash: the guard errs towards trying again once
        }
        writeAtomically(file, (count + " " + checkpointStep).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return count;
    }

    private static Entry read(Path run) throws IOException {
        TrainingRequested request = EventJson.decode(Files.readAllBytes(run.resolve(REQUEST)), TrainingRequested.class);
        TrainingProgress latest = Files.isRegularFile(run.resolve(PROGRESS))
                ? EventJson.decode(Files.readAllBytes(run.resolve(PROGRESS)), TrainingProgress.class)
                : TrainingProgress.state(request.runId(), tvae.events.RunState.ACCEPTED, 0, request.maxSteps(), "accepted");
        return new Entry(request, latest);
    }

    private void quarantine(Path run, Exception why) {
        Path target = quarantineDirectory().resolve(run.getFileName() + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(target.getParent());
            Files.move(run, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.errorf("run journal entry %s is unreadable (%s); moved to %s", run.getFileName(), why.getMessage(), target);
        } catch (IOException e) {
            LOG.errorf("run journal entry %s is unreadable (%s) and could not be moved aside (%s); skipped",
                    run.getFileName(), why.getMessage(), e.getMessage());
        }
    }

    static long stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString(); // step-NNNNNNNN.zip
        return Long.parseLong(name.substring("step-".length(), name.length() - ".zip".length()));
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
