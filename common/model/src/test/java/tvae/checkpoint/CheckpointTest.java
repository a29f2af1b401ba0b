package tvae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.decode.VaeModel;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingFixtures;
import tvae.train.TrainingOptions;
import tvae.train.TrainingSession;

class CheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path good;

    @BeforeAll
    static void trainAFewSteps() throws IOException {
        List<String> lines = TrainingFixtures.lines(64);
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("tiny"), TrainingFixtures.tokenizer(),
                lines, lines, Device.cpu())) {
            session.step();
            session.step();
            good = session.saveCheckpoint(dir.resolve("good.zip"), "run-1", Map.of("tokenAccuracy", 0.5),
                    DatasetSpec.of(DatasetKind.PYTHON_LINES));
        }
    }

    @Test
    void manifestDescribesTheRunAndEveryFile() throws IOException {
        JsonNode manifest = Checkpoint.readManifest(good);
        assertEquals(Checkpoint.FORMAT_VERSION, manifest.path("formatVersion").asInt());
        assertEquals("run-1", manifest.path("runId").asText());
        assertEquals(2, manifest.path("step").asLong());
        assertEquals(TransformerVaeConfig.preset("tiny"), TransformerVaeConfig.fromTree(manifest.path("config")));
        assertEquals(TrainingFixtures.tokenizer().sha256(), manifest.path("tokenizer").path("sha256").asText());
        assertEquals(0.5, manifest.path("metrics").path("tokenAccuracy").asDouble());
        assertEquals("python-lines", manifest.path("dataset").path("kind").asText());
        for (String file : List.of("parameters.bin", "optimizer.bin", "trainer-state.json")) {
            assertTrue(manifest.path("files").path(file).path("sha256").asText().matches("[0-9a-f]{64}"), file);
            assertTrue(manifest.path("files").path(file).path("size").asLong() > 0, file);
        }
        assertTrue(manifest.path("files").fieldNames().next().startsWith("optimizer"), "files listed in name order");
        CheckpointContents contents = Checkpoint.read(good);
        assertEquals(2, contents.step());
    }

    @Test
    void refusesCheckpointWithAFlippedByte() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length / 2] ^= 0x5A;
        Path corrupt = Files.write(dir.resolve("flipped.zip"), bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(corrupt));
        System.out.println("flipped byte: " + e.getMessage());
        assertThrows(CorruptCheckpointException.class, () -> VaeModel.load(corrupt, Device.cpu()));
    }

    @Test
    void refusesTruncatedCheckpoint() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.readManifest(truncated));
    }

    @Test
    void refusesCheckpointWithAMissingFile() throws IOException {
        Path missing = rewrite("missing.zip", (name, bytes) -> name.equals("optimizer.bin") ? null : bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(missing));
        assertTrue(e.getMessage().contains("'optimizer.bin'") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void refusesChangedFileEvenWithAValidZip() throws IOException {
        Path changed = rewrite("changed.zip", (name, bytes) -> {
            if (name.equals("trainer-state.json")) {
                return new String(bytes).replace("\"epoch\":0", "\"epoch\":7").getBytes();
            }
            return bytes;
        });
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(changed));
        assertTrue(e.getMessage().contains("'trainer-state.json'"), e.getMessage());
    }

    @Test
    void refusesOtherFormatVersionAndUnlistedFiles() throws IOException {
        Path future = rewrite("future.zip", (name, bytes) -> name.equals(Checkpoint.MANIFEST) ? edit(bytes, m -> m.put("formatVersion", 99)) : bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(future));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());

        Path extra = rewrite("extra.zip", (name, bytes) -> bytes);
        addEntry(extra, "surprise.txt");
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(extra));
        assertTrue(e.getMessage().contains("'surprise.txt'"), e.getMessage());
    }

    @Test
    void refusesParametersOfAnotherArchitecture() throws IOException {
        Path other = rewrite("other-config.zip", (name, bytes) -> name.equals(Checkpoint.MANIFEST)
                ? edit(bytes, m -> ((ObjectNode) m.get("config")).put("dModel", 32)) : bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> VaeModel.load(other, Device.cpu()));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    private static byte[] edit(byte[] manifest, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(manifest);
            change.accept(tree);
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of the good checkpoint, each entry passed through {@code change} (null drops it). */
    private static Path rewrite(String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        Path target = dir.resolve(name);
        try (ZipFile zip = new ZipFile(good.toFile()); OutputStream out = Files.newOutputStream(target);
             ZipOutputStream copy = new ZipOutputStream(out)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = change.apply(entry.getName(), zip.getInputStream(entry).readAllBytes());
                if (bytes != null) {
                    copy.putNextEntry(new ZipEntry(entry.getName()));
                    copy.write(bytes);
                    copy.closeEntry();
                }
            }
        }
        return target;
    }

    private static void addEntry(Path zipFile, String name) throws IOException {
        Path temp = dir.resolve("with-" + name + ".zip");
        try (ZipFile zip = new ZipFile(zipFile.toFile()); OutputStream out = Files.newOutputStream(temp);
             ZipOutputStream copy = new ZipOutputStream(out)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                copy.putNextEntry(new ZipEntry(entry.getName()));
                copy.write(zip.getInputStream(entry).readAllBytes());
                copy.closeEntry();
            }
            copy.putNextEntry(new ZipEntry(name));
            copy.write("hello".getBytes());
            copy.closeEntry();
        }
        Files.move(temp, zipFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
