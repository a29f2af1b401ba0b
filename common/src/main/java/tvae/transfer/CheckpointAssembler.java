package tvae.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;

/**
 * Puts checkpoint files back together from their chunks, on disk, and says when one is complete and verified.
 * Chunks of one checkpoint arrive in order on one partition; a replayed chunk (index already written) is skipped,
 * a gap or a checksum mismatch refuses the checkpoint with a reason. Not thread-safe: one consumer feeds it.
 */
public final class CheckpointAssembler {
    /** A verified checkpoint file, or the reason it was refused. */
    public record Outcome(String checkpointId, Path file, CheckpointPublished published, String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private static final class Partial {
        final Path file;
        final OutputStream out;
        final MessageDigest digest = Sha256.digest();
        int nextIndex;
        int chunkCount;
        String sha256;
        long bytes;
        boolean failed;
        String failure;

        Partial(Path file) throws IOException {
            this.file = file;
            this.out = Files.newOutputStream(file);
        }
    }

    private final Path directory;
    private final Map<String, Partial> partials = new HashMap<>();
    private final Map<String, CheckpointPublished> announced = new HashMap<>();
    private final Map<String, Outcome> finished = new HashMap<>();

    public CheckpointAssembler(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** Adds a chunk; returns the outcome when this chunk completed an announced checkpoint. */
    public Optional<Outcome> accept(CheckpointChunk chunk) {
        if (finished.containsKey(chunk.checkpointId())) {
            return Optional.empty();
        }
        try {
            Partial partial = partials.get(chunk.checkpointId());
            if (partial == null) {
                if (chunk.index() != 0) {
                    return Optional.empty(); // the tail of a checkpoint whose start we never saw: nothing to build on
                }
                partial = new Partial(directory.resolve(safeName(chunk.checkpointId()) + ".part"));
                partial.chunkCount = chunk.chunkCount();
                partial.sha256 = chunk.sha256();
                partials.put(chunk.checkpointId(), partial);
            }
            if (chunk.index() < partial.nextIndex) {
                return Optional.empty(); // a replay of a chunk already written
            }
            if (chunk.index() > partial.nextIndex || chunk.chunkCount() != partial.chunkCount
                    || !chunk.sha256().equals(partial.sha256)) {
                partial.failed = true;
                partial.failure = "chunk " + chunk.index() + " arrived where chunk " + partial.nextIndex
                        + " of " + partial.chunkCount + " was expected";
            } else if (!partial.failed) {
                partial.out.write(chunk.data());
                partial.digest.update(chunk.data());
                partial.bytes += chunk.data().length;
                partial.nextIndex++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return complete(chunk.checkpointId());
    }

    /** Records the announcement; returns the outcome when the chunks were already all there. */
    public Optional<Outcome> accept(CheckpointPublished published) {
        if (finished.containsKey(published.checkpointId())) {
            return Optional.empty();
        }
        announced.put(published.checkpointId(), published);
        return complete(published.checkpointId());
    }

    private Optional<Outcome> complete(String checkpointId) {
        CheckpointPublished published = announced.get(checkpointId);
        Partial partial = partials.get(checkpointId);
        if (published == null || partial == null || !partial.failed && partial.nextIndex < partial.chunkCount) {
            return Optional.empty();
        }
        partials.remove(checkpointId);
        announced.remove(checkpointId);
        Outcome outcome;
        try {
            partial.out.close();
            String actual = Sha256.hex(partial.digest);
            if (partial.failed) {
                outcome = refuse(checkpointId, partial, published, partial.failure);
            } else if (partial.chunkCount != published.chunkCount()) {
                outcome = refuse(checkpointId, partial, published, "announced " + published.chunkCount()
                        + " chunks but the chunks say " + partial.chunkCount);
            } else if (partial.bytes != published.sizeBytes()) {
                outcome = refuse(checkpointId, partial, published, "size " + partial.bytes + " bytes, announced " + published.sizeBytes());
            } else if (!actual.equals(published.sha256())) {
                outcome = refuse(checkpointId, partial, published, "sha256 " + actual + " does not match the announced " + published.sha256());
            } else {
                Path file = directory.resolve(safeName(checkpointId) + ".zip");
                Files.move(partial.file, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                outcome = new Outcome(checkpointId, file, published, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finished.put(checkpointId, outcome);
        return Optional.of(outcome);
    }

    private static Outcome refuse(String checkpointId, Partial partial, CheckpointPublished published, String reason) throws IOException {
        Files.deleteIfExists(partial.file);
        return new Outcome(checkpointId, null, published, reason);
    }

    /** Checkpoint ids come from the wire: never let one name a path outside the directory. */
    private static String safeName(String checkpointId) {
        return checkpointId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
