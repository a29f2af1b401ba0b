package tvae.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;

class CheckpointTransferTest {
    @TempDir
    Path dir;

    @Test
    void reassemblesTheExactBytesInAnyOrderOfAnnouncementAndChunks() throws Exception {
        Path file = randomFile(2_500_000);
        List<CheckpointChunk> chunks = chunks("ck-1", file, 1 << 20);
        assertEquals(3, chunks.size());
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"));

        assertTrue(assembler.accept(announce("ck-1", file, chunks.size())).isEmpty(), "not complete before the chunks");
        Optional<CheckpointAssembler.Outcome> outcome = Optional.empty();
        for (CheckpointChunk chunk : chunks) {
            outcome = assembler.accept(chunk);
        }
        assertTrue(outcome.orElseThrow().accepted());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(outcome.get().file()));
    }

    @Test
    void replayedChunksAndAReplayedAnnouncementChangeNothing() throws Exception {
        Path file = randomFile(100_000);
        List<CheckpointChunk> chunks = chunks("ck-2", file, 30_000);
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"));
        assembler.accept(chunks.get(0));
        assembler.accept(chunks.get(0));
        assembler.accept(chunks.get(1));
        assembler.accept(chunks.get(1));
        assembler.accept(chunks.get(2));
        assembler.accept(chunks.get(3));
        CheckpointAssembler.Outcome outcome = assembler.accept(announce("ck-2", file, chunks.size())).orElseThrow();
        assertTrue(outcome.accepted(), outcome.refusal());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(outcome.file()));
        assertTrue(assembler.accept(announce("ck-2", file, chunks.size())).isEmpty(), "a replay completes nothing twice");
    }

    @Test
    void refusesACorruptedChunkWithTheChecksumMismatch() throws Exception {
        Path file = randomFile(50_000);
        List<CheckpointChunk> chunks = chunks("ck-3", file, 20_000);
        byte[] bad = chunks.get(1).data().clone();
        bad[7] ^= 1;
        chunks.set(1, CheckpointChunk.of("ck-3", 1, chunks.size(), chunks.get(1).sha256(), bad));
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"));
        assembler.accept(announce("ck-3", file, chunks.size()));
        Optional<CheckpointAssembler.Outcome> outcome = Optional.empty();
        for (CheckpointChunk chunk : chunks) {
            outcome = assembler.accept(chunk);
        }
        assertFalse(outcome.orElseThrow().accepted());
        assertTrue(outcome.get().refusal().contains("does not match"), outcome.get().refusal());
    }

    @Test
    void refusesAMissingChunk() throws Exception {
        Path file = randomFile(50_000);
        List<CheckpointChunk> chunks = chunks("ck-4", file, 20_000);
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"));
        assembler.accept(announce("ck-4", file, chunks.size()));
        assembler.accept(chunks.get(0));
        CheckpointAssembler.Outcome outcome = assembler.accept(chunks.get(2)).orElseThrow();
        assertFalse(outcome.accepted());
        assertTrue(outcome.refusal().contains("chunk 2 arrived where chunk 1"), outcome.refusal());
    }

    private Path randomFile(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("source-" + size + ".zip"), bytes);
    }

    private static List<CheckpointChunk> chunks(String id, Path file, int chunkBytes) throws Exception {
        List<CheckpointChunk> chunks = new ArrayList<>();
        new CheckpointChunker(chunkBytes).chunk(id, file, Sha256.of(file), chunks::add);
        return chunks;
    }

    private static CheckpointPublished announce(String id, Path file, int chunkCount) throws Exception {
        return CheckpointPublished.of(id, "run-1", 10, JsonNodeFactory.instance.objectNode(), chunkCount,
                Files.size(file), Sha256.of(file));
    }
}
