package tvae.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import tvae.model.TransformerVae;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenizerFiles;
import tvae.transfer.Sha256;

/**
 * The checkpoint format (design §2): one zip holding {@code manifest.json} (format version, run, step, config,
 * tokenizer hash, metrics, dataset, and sha256 + size of every other file), {@code parameters.bin},
 * {@code optimizer.bin}, {@code trainer-state.json} and {@code tokenizer/*}. Writing is atomic (temp file, then move);
 * reading verifies every file against the manifest and refuses anything else with {@link CorruptCheckpointException}.
 */
public final class Checkpoint {
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    static final String PARAMETERS = "parameters.bin";
    static final String OPTIMIZER = "optimizer.bin";
    static final String TRAINER_STATE = "trainer-state.json";
    static final String TOKENIZER_DIR = "tokenizer/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** Writes {@code contents} to {@code zipFile} atomically: readers see the old file or the whole new one. */
    public static Path write(Path zipFile, CheckpointContents contents) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        files.put(PARAMETERS, contents.parameters());
        if (contents.optimizer() != null) {
            files.put(OPTIMIZER, contents.optimizer());
        }
        if (contents.trainerState() != null) {
            files.put(TRAINER_STATE, JSON.writeValueAsBytes(contents.trainerState()));
        }
        contents.tokenizerFiles().forEach((name, bytes) -> files.put(TOKENIZER_DIR + name, bytes));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("runId", contents.runId());
        manifest.put("step", contents.step());
        manifest.put("createdAt", Instant.now().toString());
        manifest.set("config", contents.config().toTree());
        manifest.putObject("tokenizer").put("sha256", TokenizerFiles.of(contents.tokenizerFiles()).sha256());
        manifest.set("metrics", JSON.valueToTree(contents.metrics()));
        if (contents.dataset() != null) {
            manifest.set("dataset", contents.dataset());
        }
        ObjectNode listing = manifest.putObject("files");
        files.forEach((name, bytes) -> listing.putObject(name).put("sha256", sha256(bytes)).put("size", bytes.length));

        Path directory = zipFile.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + zipFile.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    put(zip, file.getKey(), file.getValue());
                }
            }
            try {
                Files.move(temp, zipFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, zipFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return zipFile;
    }

    /** Only the manifest, without reading or checking the weights. */
    public static JsonNode readManifest(Path zipFile) throws IOException {
        try (ZipFile zip = open(zipFile)) {
            return manifest(zip, zipFile);
        }
    }

    /** Reads and verifies everything; see the class comment for what is refused. */
    public static CheckpointContents read(Path zipFile) throws IOException {
        try (ZipFile zip = open(zipFile)) {
            JsonNode manifest = manifest(zip, zipFile);
            Map<String, byte[]> files = verifiedFiles(zip, manifest, zipFile);
            TransformerVaeConfig config;
            try {
                config = TransformerVaeConfig.fromTree(manifest.path("config"));
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(zipFile + ": incompatible model config: " + e.getMessage());
            }
            Map<String, byte[]> tokenizerFiles = new TreeMap<>();
            files.forEach((name, bytes) -> {
                if (name.startsWith(TOKENIZER_DIR)) {
                    tokenizerFiles.put(name.substring(TOKENIZER_DIR.length()), bytes);
                }
            });
            TokenizerFiles tokenizer;
            try {
                tokenizer = TokenizerFiles.of(tokenizerFiles);
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(zipFile + ": tokenizer files unusable: " + e.getMessage());
            }
            String tokenizerHash = manifest.path("tokenizer").path("sha256").asText();
            if (!tokenizer.sha256().equals(tokenizerHash)) {
                throw new CorruptCheckpointException(zipFile + ": tokenizer sha256 is " + tokenizer.sha256() + ", the manifest says "
                        + tokenizerHash);
            }
            if (!files.containsKey(PARAMETERS)) {
                throw new CorruptCheckpointException(zipFile + ": lists no " + PARAMETERS);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            manifest.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            JsonNode trainerState = files.containsKey(TRAINER_STATE) ? JSON.readTree(files.get(TRAINER_STATE)) : null;
            JsonNode dataset = manifest.has("dataset") ? manifest.get("dataset") : null;
            return new CheckpointContents(manifest.path("runId").asText(), manifest.path("step").asLong(), config, tokenizerFiles,
                    files.get(PARAMETERS), files.get(OPTIMIZER), trainerState, metrics, dataset);
        }
    }

    private static ZipFile open(Path zipFile) throws IOException {
        if (!Files.isRegularFile(zipFile)) {
            throw new java.nio.file.NoSuchFileException(zipFile.toString(), null, "no checkpoint file");
        }
        try {
            return new ZipFile(zipFile.toFile());
        } catch (ZipException e) {
            throw new CorruptCheckpointException(zipFile + ": not a readable zip (truncated or damaged): " + e.getMessage(), e);
        }
    }

    private static JsonNode manifest(ZipFile zip, Path zipFile) throws IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new CorruptCheckpointException(zipFile + ": has no " + MANIFEST);
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(entryBytes(zip, entry, zipFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptCheckpointException(zipFile + ": " + MANIFEST + " is not JSON: " + e.getOriginalMessage(), e);
        }
        int version = manifest.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new CorruptCheckpointException(zipFile + ": checkpoint format version " + version + ", this build reads "
                    + FORMAT_VERSION);
        }
        if (!manifest.path("files").isObject()) {
            throw new CorruptCheckpointException(zipFile + ": " + MANIFEST + " lists no files");
        }
        return manifest;
    }

    /** Every listed file, present with its size and sha256, and nothing unlisted. */
    private static Map<String, byte[]> verifiedFiles(ZipFile zip, JsonNode manifest, Path zipFile) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        JsonNode listing = manifest.get("files");
        for (Iterator<Map.Entry<String, JsonNode>> it = listing.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> listed = it.next();
            String name = listed.getKey();
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' listed in the manifest is missing");
            }
            byte[] bytes = entryBytes(zip, entry, zipFile);
            long size = listed.getValue().path("size").asLong(-1);
            if (bytes.length != size) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' has " + bytes.length + " bytes, the manifest says "
                        + size);
            }
            String expected = listed.getValue().path("sha256").asText();
            String actual = sha256(bytes);
            if (!actual.equals(expected)) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' has sha256 " + actual + ", the manifest says "
                        + expected);
            }
            files.put(name, bytes);
        }
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (!name.equals(MANIFEST) && !listing.has(name)) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is not listed in the manifest");
            }
        }
        return files;
    }

    private static byte[] entryBytes(ZipFile zip, ZipEntry entry, Path zipFile) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new CorruptCheckpointException(zipFile + ": file '" + entry.getName() + "' is damaged: " + e.getMessage(), e);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The files a tokenizer saves, by name (it can only save to a directory, so a temporary one is used). */
    public static Map<String, byte[]> tokenizerFiles(tvae.tokenize.Tokenizer tokenizer) throws IOException {
        Path temp = Files.createTempDirectory("tvae-tokenizer");
        try {
            tokenizer.save(temp);
            Map<String, byte[]> files = new TreeMap<>();
            try (var listing = Files.list(temp)) {
                for (Path file : (Iterable<Path>) listing::iterator) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
            return files;
        } finally {
            try (var listing = Files.list(temp)) {
                for (Path file : (Iterable<Path>) listing::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(temp);
        }
    }

    /** The model's parameters as DJL writes them. */
    public static byte[] parameters(TransformerVae model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Loads {@code parameters} into an initialised model; a different architecture is refused. */
    public static void loadParameters(TransformerVae model, byte[] parameters, NDManager manager) throws IOException {
        Map<String, Shape> expected = new LinkedHashMap<>();
        model.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            model.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new CorruptCheckpointException("parameters do not fit the model: bytes left over after the last parameter");
            }
        } catch (MalformedModelException | RuntimeException e) {
            throw new CorruptCheckpointException("parameters do not fit the model of this config: " + e.getMessage(), e);
        }
        // DJL reads whatever shapes were saved: a config that disagrees with the weights must be caught here.
        for (Pair<String, Parameter> p : model.getParameters()) {
            Shape actual = p.getValue().getArray().getShape();
            if (!actual.equals(expected.get(p.getKey()))) {
                throw new CorruptCheckpointException("parameters do not fit the model of this config: '" + p.getKey() + "' is "
                        + actual + ", the config makes it " + expected.get(p.getKey()));
            }
            p.getValue().getArray().setRequiresGradient(true);
        }
    }

    private static String sha256(byte[] bytes) {
        var digest = Sha256.digest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }
}
