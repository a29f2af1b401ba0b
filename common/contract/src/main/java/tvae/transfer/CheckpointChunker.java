package tvae.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import tvae.events.CheckpointChunk;

/**
 * Cuts a checkpoint file into ordered {@link CheckpointChunk}s small enough for a Kafka message (base64 in JSON
 * grows a chunk by a third, so 512 KiB of bytes stays well under the broker's limit), streaming: a 500 MB
 * checkpoint never sits in memory whole.
 */
public final class CheckpointChunker {
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

    private final int chunkBytes;

    public CheckpointChunker(int chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes must be > 0");
        }
        this.chunkBytes = chunkBytes;
    }

    public int chunkCount(long sizeBytes) {
        return (int) Math.max(1, (sizeBytes + chunkBytes - 1) / chunkBytes);
    }

    /** Hands every chunk, in order, to {@code sink}; returns how many there were. */
    public int chunk(String checkpointId, Path file, String sha256, Consumer<CheckpointChunk> sink) throws IOException {
        int count = chunkCount(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            for (int index = 0; index < count; index++) {
                byte[] data = in.readNBytes(chunkBytes);
                sink.accept(CheckpointChunk.of(checkpointId, index, count, sha256, data));
            }
        }
        return count;
    }
}
