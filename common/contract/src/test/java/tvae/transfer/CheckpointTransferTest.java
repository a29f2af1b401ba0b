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

    @Test
    void refusesAChunkClaimingMoreChunksThanTheLimitBeforeWritingAByte() throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"), new CheckpointAssembler.Limits(1 << 20, 4, 8, 8));
        CheckpointAssembler.Outcome outcome = assembler.accept(
                CheckpointChunk.of("endless", 0, Integer.MAX_VALUE, "00".repeat(32), new byte[10])).orElseThrow();
        assertFalse(outcome.accepted());
        assertEquals("claims 2147483647 chunks, the limit is 4", outcome.refusal());
        assertEquals(0, assembler.partialCount());
        assertTrue(isEmpty(dir.resolve("in")));
    }

    @Test
    void refusesChunksThatRunPastTheByteLimitAndDeletesThePartialFile() throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"), new CheckpointAssembler.Limits(50_000, 100, 8, 8));
        Optional<CheckpointAssembler.Outcome> outcome = Optional.empty();
        int sent = 0;
        while (outcome.isEmpty()) { // never announced, never ending: the byte limit is what stops it
            outcome = assembler.accept(CheckpointChunk.of("flood", sent++, 100, "00".repeat(32), new byte[20_000]));
        }
        assertEquals(3, sent);
        assertEquals("chunks run past 50000 bytes, the limit", outcome.get().refusal());
        assertTrue(isEmpty(dir.resolve("in")), "the partial file is gone");
        assertTrue(assembler.accept(CheckpointChunk.of("flood", 0, 100, "00".repeat(32), new byte[1])).isEmpty(),
                "a refused checkpoint does not start again");
    }

    @Test
    void refusesAnAnnouncementOverTheLimitsAndChunksPastTheAnnouncedSize() throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"), new CheckpointAssembler.Limits(50_000, 10, 8, 8));
        Path file = randomFile(60_000);
        assertEquals("announced with 60000 bytes, the limit is 50000",
                assembler.accept(announce("too-big", file, 3)).orElseThrow().refusal());
        assertEquals("announced with 11 chunks, the limit is 10",
                assembler.accept(announce("too-many", file, 11)).orElseThrow().refusal());

        Path small = randomFile(1_000);
        assembler.accept(announce("lying", small, 5));
        Optional<CheckpointAssembler.Outcome> outcome = Optional.empty();
        for (int i = 0; outcome.isEmpty(); i++) {
            outcome = assembler.accept(CheckpointChunk.of("lying", i, 5, Sha256.of(small), new byte[600]));
        }
        assertEquals("chunks run past the announced 1000 bytes", outcome.get().refusal());
        assertTrue(isEmpty(dir.resolve("in")));
    }

    @Test
    void dropsTheOldestPartialCheckpointBeyondTheLimitAndDeletesItsFile() throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"), new CheckpointAssembler.Limits(1 << 20, 10, 2, 8));
        for (String id : List.of("first", "second", "third")) {
            assertTrue(assembler.accept(CheckpointChunk.of(id, 0, 2, "00".repeat(32), new byte[100])).isEmpty());
        }
        List<CheckpointAssembler.Outcome> dropped = assembler.takeDropped();
        assertEquals(List.of("first"), dropped.stream().map(CheckpointAssembler.Outcome::checkpointId).toList());
        assertTrue(dropped.get(0).refusal().contains("more than 2 checkpoints were being received at once"), dropped.get(0).refusal());
        assertEquals(2, assembler.partialCount());
        try (var files = Files.list(dir.resolve("in"))) {
            assertEquals(2, files.count(), "only the two open partial files are left");
        }
        assertTrue(assembler.takeDropped().isEmpty(), "each drop is reported once");
    }

    @Test
    void dropsTheOldestAnnouncementWaitingForChunksBeyondTheLimit() throws Exception {
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("in"), new CheckpointAssembler.Limits(1 << 20, 10, 2, 2));
        Path file = randomFile(1_000);
        for (String id : List.of("a1", "a2", "a3")) {
            assertTrue(assembler.accept(announce(id, file, 1)).isEmpty());
        }
        assertEquals(List.of("a1"), assembler.takeDropped().stream().map(CheckpointAssembler.Outcome::checkpointId).toList());
    }

    private static boolean isEmpty(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
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
