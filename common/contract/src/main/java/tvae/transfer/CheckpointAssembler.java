package tvae.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;

/**
 * Puts checkpoint files back together from their chunks, on disk, and says when one is complete and verified.
 * Chunks of one checkpoint arrive in order on one partition; a replayed chunk (index already written) is skipped,
 * a gap or a checksum mismatch refuses the checkpoint with a reason. Not thread-safe: one consumer feeds it.
 *
 * <p>Bounded ({@link Limits}): a chunk or announcement that claims more chunks or bytes than allowed is refused at
 * once, so are chunks that run past the limit or past the announced size, and its partial file is deleted. At most
 * {@code maxPartials} checkpoints are assembled at once and {@code maxWaitingAnnouncements} announcements wait for
 * their chunks; beyond that the oldest is dropped ({@link #takeDropped}). Oldest first, because in a replay those are
 * the checkpoints nobody serves any more.
 */
public final class CheckpointAssembler {
    /** A verified checkpoint file, or the reason it was refused ({@code published} is null when none was seen). */
    public record Outcome(String checkpointId, Path file, CheckpointPublished published, String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    /**
     * @param maxBytes                the most bytes one checkpoint may have (announced or received)
     * @param maxChunks               the most chunks one checkpoint may claim
     * @param maxPartials             how many checkpoints may be half-received at once
     * @param maxWaitingAnnouncements how many announcements may wait for their chunks at once
     */
    public record Limits(long maxBytes, int maxChunks, int maxPartials, int maxWaitingAnnouncements) {
        public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
        public static final Limits DEFAULTS = of(DEFAULT_MAX_BYTES);

        public Limits {
            if (maxBytes <= 0 || maxChunks <= 0 || maxPartials <= 0 || maxWaitingAnnouncements <= 0) {
                throw new IllegalArgumentException("every checkpoint intake limit must be > 0: " + maxBytes + ", " + maxChunks
                        + ", " + maxPartials + ", " + maxWaitingAnnouncements);
            }
        }

        /** The chunk limit follows from the byte limit at the chunk size every publisher here uses. */
        public static Limits of(long maxBytes) {
            return new Limits(maxBytes, new CheckpointChunker(CheckpointChunker.DEFAULT_CHUNK_BYTES).chunkCount(maxBytes), 8, 1024);
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

    /** Ids already completed or refused, so replays of them do nothing; bounded, the oldest forgotten first. */
    private static final int REMEMBERED = 100_000;

    private final Path directory;
    private final Limits limits;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private final Map<String, CheckpointPublished> announced = new LinkedHashMap<>();
    private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final List<Outcome> dropped = new ArrayList<>();

    public CheckpointAssembler(Path directory) throws IOException {
        this(directory, Limits.DEFAULTS);
    }

    public CheckpointAssembler(Path directory, Limits limits) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.limits = limits;
    }

    /** Adds a chunk; returns the outcome when this chunk completed an announced checkpoint or broke a limit. */
    public Optional<Outcome> accept(CheckpointChunk chunk) {
        String id = chunk.checkpointId();
        if (finished.contains(id)) {
            return Optional.empty();
        }
        try {
            Partial partial = partials.get(id);
            if (partial == null) {
                if (chunk.index() != 0) {
                    return Optional.empty(); // the tail of a checkpoint whose start we never saw: nothing to build on
                }
                if (chunk.chunkCount() > limits.maxChunks()) {
                    return Optional.of(refuseNow(id, "claims " + chunk.chunkCount() + " chunks, the limit is " + limits.maxChunks()));
                }
                if (partials.size() >= limits.maxPartials()) {
                    drop(partials.keySet().iterator().next(), "dropped unfinished: more than " + limits.maxPartials()
                            + " checkpoints were being received at once and this was the oldest");
                }
                partial = new Partial(directory.resolve(fileName(id) + ".part"));
                partial.chunkCount = chunk.chunkCount();
                partial.sha256 = chunk.sha256();
                partials.put(id, partial);
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
                long bytes = partial.bytes + chunk.data().length;
                CheckpointPublished published = announced.get(id);
                if (bytes > limits.maxBytes()) {
                    return Optional.of(refuseNow(id, "chunks run past " + limits.maxBytes() + " bytes, the limit"));
                }
                if (published != null && bytes > published.sizeBytes()) {
                    return Optional.of(refuseNow(id, "chunks run past the announced " + published.sizeBytes() + " bytes"));
                }
                partial.out.write(chunk.data());
                partial.digest.update(chunk.data());
                partial.bytes = bytes;
                partial.nextIndex++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return complete(id);
    }

    /** Records the announcement; returns the outcome when the chunks were already all there, or it broke a limit. */
    public Optional<Outcome> accept(CheckpointPublished published) {
        String id = published.checkpointId();
        if (finished.contains(id)) {
            return Optional.empty();
        }
        announced.put(id, published);
        if (published.chunkCount() > limits.maxChunks()) {
            return Optional.of(refuseNow(id, "announced with " + published.chunkCount() + " chunks, the limit is " + limits.maxChunks()));
        }
        if (published.sizeBytes() > limits.maxBytes()) {
            return Optional.of(refuseNow(id, "announced with " + published.sizeBytes() + " bytes, the limit is " + limits.maxBytes()));
        }
        Partial partial = partials.get(id);
        if (partial != null && partial.bytes > published.sizeBytes()) {
            return Optional.of(refuseNow(id, "chunks ran past the announced " + published.sizeBytes() + " bytes"));
        }
        if (announced.size() > limits.maxWaitingAnnouncements()) {
            drop(announced.keySet().iterator().next(), "dropped: more than " + limits.maxWaitingAnnouncements()
                    + " announcements were waiting for their chunks and this was the oldest");
        }
        return complete(id);
    }

    /** Checkpoints dropped to stay within the limits since the last call, each with its reason; their files are gone. */
    public List<Outcome> takeDropped() {
        List<Outcome> taken = List.copyOf(dropped);
        dropped.clear();
        return taken;
    }

    /** How many checkpoints are half-received now (their partial files on disk). */
    public int partialCount() {
        return partials.size();
    }

    private Optional<Outcome> complete(String checkpointId) {
        CheckpointPublished published = announced.get(checkpointId);
        Partial partial = partials.get(checkpointId);
        if (published == null || partial == null || !partial.failed && partial.nextIndex < partial.chunkCount) {
            return Optional.empty();
        }
        partials.remove(checkpointId);
        announced.remove(checkpointId);
        finished.add(checkpointId);
        try {
            partial.out.close();
            String actual = Sha256.hex(partial.digest);
            String refusal = partial.failed ? partial.failure
                    : partial.chunkCount != published.chunkCount()
                    ? "announced " + published.chunkCount() + " chunks but the chunks say " + partial.chunkCount
                    : partial.bytes != published.sizeBytes() ? "size " + partial.bytes + " bytes, announced " + published.sizeBytes()
                    : !actual.equals(published.sha256()) ? "sha256 " + actual + " does not match the announced " + published.sha256()
                    : null;
            if (refusal != null) {
                Files.deleteIfExists(partial.file);
                return Optional.of(new Outcome(checkpointId, null, published, refusal));
            }
            Path file = completeFile(directory, checkpointId);
            Files.move(partial.file, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(new Outcome(checkpointId, file, published, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a checkpoint before it is complete: its partial file goes, and later records of it do nothing. */
    private Outcome refuseNow(String checkpointId, String reason) {
        CheckpointPublished published = announced.remove(checkpointId);
        discard(partials.remove(checkpointId));
        finished.add(checkpointId);
        return new Outcome(checkpointId, null, published, reason);
    }

    private void drop(String checkpointId, String reason) {
        dropped.add(refuseNow(checkpointId, reason));
    }

    private static void discard(Partial partial) {
        if (partial == null) {
            return;
        }
        try {
            partial.out.close();
            Files.deleteIfExists(partial.file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a complete checkpoint lies in {@code directory}, so a later pass can find it again. */
    public static Path completeFile(Path directory, String checkpointId) {
        return directory.resolve(fileName(checkpointId) + ".zip");
    }

    /**
     * Checkpoint ids come from the wire: never let one name a path outside the directory, run past a file name's
     * length, or share a file with another id (the hash of the whole id tells them apart).
     */
    static String fileName(String checkpointId) {
        String safe = checkpointId.replaceAll("[^A-Za-z0-9._-]", "_");
        String tag = Sha256.of(checkpointId.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return (safe.length() > 100 ? safe.substring(0, 100) : safe) + "-" + tag;
    }
}
