package tvae.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The checkpoint format (design §2): one zip holding {@code manifest.json} (format version, run, step, createdAt, config,
 * tokenizer hash, metrics, dataset, and sha256 + size of every other file), {@code parameters.bin},
 * {@code optimizer.bin}, {@code trainer-state.json}, {@code tokenizer/*} and, when written with a signing key,
 * {@code manifest.sig} (the Ed25519 signature of manifest.json's bytes, {@link CheckpointSignature}). Writing is atomic
 * (temp file, then move); reading verifies every file against the manifest and refuses anything else with
 * {@link CorruptCheckpointException}, reading no entry past the size its manifest lists (a zip bomb stops there).
 * {@link #read} does not ask for a signature (local files, {@code tvae score}); {@link #verify} does.
 *
 * <p>The signature lives inside the zip, not (only) in the announcement: it then stays with the bytes wherever they go
 * (the trainer's outbox and journal, inference's cache, a file copied by hand), and the announcement's manifest is a
 * copy that must equal the signed one.
 */
public final class Checkpoint {
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    /** Far above any real manifest (config, metrics, a few dozen files), far below what could hurt. */
    static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
    private static final int MAX_SIGNATURE_BYTES = 1024;
    /** The most one file can hold once read into memory (a Java array). */
    private static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 16;
    static final String PARAMETERS = "parameters.bin";
    static final String OPTIMIZER = "optimizer.bin";
    static final String TRAINER_STATE = "trainer-state.json";
    static final String TOKENIZER_DIR = "tokenizer/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** Writes an unsigned checkpoint (local use: resume, {@code tvae score}); inference-service refuses it. */
    public static Path write(Path zipFile, CheckpointContents contents) throws IOException {
        return write(zipFile, contents, null);
    }

    /**
     * Writes {@code contents} to {@code zipFile} atomically: readers see the old file or the whole new one.
     * @param signingKey the Ed25519 key that signs the manifest, or null for an unsigned checkpoint
     */
    public static Path write(Path zipFile, CheckpointContents contents, PrivateKey signingKey) throws IOException {
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
                byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
                put(zip, MANIFEST, manifestBytes);
                if (signingKey != null) {
                    put(zip, SIGNATURE, Base64.getEncoder().encode(CheckpointSignature.sign(signingKey, manifestBytes)));
                }
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
        return parseManifest(manifestBytes(zip, zipFile), zipFile);
    }

    private static byte[] manifestBytes(ZipFile zip, Path zipFile) throws IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new CorruptCheckpointException(zipFile + ": has no " + MANIFEST);
        }
        return entryBytes(zip, entry, zipFile, MAX_MANIFEST_BYTES);
    }

    private static JsonNode parseManifest(byte[] bytes, Path zipFile) throws IOException {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(bytes);
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
            long size = listed.getValue().path("size").asLong(-1);
            if (size < 0 || size > MAX_IN_MEMORY_BYTES) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is listed with size " + size
                        + ", this reader takes 0 to " + MAX_IN_MEMORY_BYTES);
            }
            // Sized by what arrives, not by the listing: a forged size must not allocate before it is found out.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(size, 1 << 24));
            checkListedFile(zip, zipFile, name, listed.getValue(), bytes);
            files.put(name, bytes.toByteArray());
        }
        onlyListedEntries(zip, listing, zipFile);
        return files;
    }

    /** No entry beyond the manifest, its signature and the listed files, and no name twice (two readers could differ). */
    private static void onlyListedEntries(ZipFile zip, JsonNode listing, Path zipFile) throws CorruptCheckpointException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (!seen.add(name)) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is in the zip twice");
            }
            if (!name.equals(MANIFEST) && !name.equals(SIGNATURE) && !listing.has(name)) {
                throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is not listed in the manifest");
            }
        }
    }

    /**
     * Checks a checkpoint before anything trusts it: {@code manifest.sig} is a valid Ed25519 signature of
     * {@code manifest.json} by one of the {@code trustedKeys} (more than one while a key is rotated), then every listed file is there with its size and sha256 (streamed,
     * never held in memory), nothing else is, and no file unpacks past the size its manifest lists or past
     * {@code maxUnpackedBytes} in all.
     * @return the verified manifest
     * @throws CorruptCheckpointException with the reason, for an unsigned, wrongly signed or damaged checkpoint
     */
    public static JsonNode verify(Path zipFile, List<PublicKey> trustedKeys, long maxUnpackedBytes) throws IOException {
        try (ZipFile zip = open(zipFile)) {
            byte[] manifestBytes = manifestBytes(zip, zipFile);
            ZipEntry signatureEntry = zip.getEntry(SIGNATURE);
            if (signatureEntry == null) {
                throw new CorruptCheckpointException(zipFile + ": unsigned (no " + SIGNATURE + ")");
            }
            byte[] signature;
            try {
                signature = Base64.getMimeDecoder().decode(entryBytes(zip, signatureEntry, zipFile, MAX_SIGNATURE_BYTES));
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(zipFile + ": " + SIGNATURE + " is not base64");
            }
            if (trustedKeys.stream().noneMatch(key -> CheckpointSignature.verify(key, manifestBytes, signature))) {
                throw new CorruptCheckpointException(zipFile + ": the signature does not verify with "
                        + (trustedKeys.size() == 1 ? "the configured key" : "any of the " + trustedKeys.size() + " configured keys")
                        + " (signed by another key, or the manifest was changed)");
            }
            JsonNode manifest = parseManifest(manifestBytes, zipFile); // now known to be the signer's
            JsonNode listing = manifest.get("files");
            long unpacked = manifestBytes.length;
            for (Iterator<Map.Entry<String, JsonNode>> it = listing.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> listed = it.next();
                String name = listed.getKey();
                long size = listed.getValue().path("size").asLong(-1);
                if (size < 0 || unpacked + size > maxUnpackedBytes) {
                    throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is listed with " + size
                            + " bytes, more than the " + maxUnpackedBytes + " bytes a checkpoint may unpack to");
                }
                checkListedFile(zip, zipFile, name, listed.getValue(), OutputStream.nullOutputStream());
                unpacked += size;
            }
            onlyListedEntries(zip, listing, zipFile);
            return manifest;
        }
    }

    /**
     * One listed file: present, exactly its listed size (inflation stops one byte past it, so a zip bomb never unpacks)
     * and its listed sha256; its bytes are streamed into {@code copy} as they are checked.
     */
    private static void checkListedFile(ZipFile zip, Path zipFile, String name, JsonNode listed, OutputStream copy)
            throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CorruptCheckpointException(zipFile + ": file '" + name + "' listed in the manifest is missing");
        }
        long size = listed.path("size").asLong(-1);
        var digest = Sha256.digest();
        long total = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, size + 1 - total))) > 0; ) {
                total += n;
                if (total > size) {
                    throw new CorruptCheckpointException(zipFile + ": file '" + name
                            + "' unpacks to more than the " + size + " bytes listed for it (a zip bomb?)");
                }
                digest.update(buffer, 0, n);
                copy.write(buffer, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new CorruptCheckpointException(zipFile + ": file '" + name + "' is damaged: " + e.getMessage(), e);
        }
        if (total != size) {
            throw new CorruptCheckpointException(zipFile + ": file '" + name + "' has " + total + " bytes, the manifest says " + size);
        }
        String expected = listed.path("sha256").asText();
        String actual = Sha256.hex(digest);
        if (!actual.equals(expected)) {
            throw new CorruptCheckpointException(zipFile + ": file '" + name + "' has sha256 " + actual + ", the manifest says "
                    + expected);
        }
    }

    /** Reads one entry, at most {@code limit} bytes: more is refused rather than inflated into memory. */
    private static byte[] entryBytes(ZipFile zip, ZipEntry entry, Path zipFile, long limit) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(limit, MAX_IN_MEMORY_BYTES));
            if (in.read() != -1) {
                throw new CorruptCheckpointException(zipFile + ": file '" + entry.getName() + "' unpacks to more than the "
                        + limit + " bytes allowed for it (a zip bomb?)");
            }
            return bytes;
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

    /**
     * The model {@code contents} hold, for a tokenizer of {@code vocabSize} ids: built from its config, its parameters
     * loaded into {@code manager}; parameters of another architecture are refused with a CorruptCheckpointException.
     */
    public static TransformerVae restoreModel(CheckpointContents contents, int vocabSize, NDManager manager) throws IOException {
        TransformerVae model = new TransformerVae(contents.config(), vocabSize).initialized(manager);
        loadParameters(model, contents.parameters(), manager);
        return model;
    }

    private static void loadParameters(TransformerVae model, byte[] parameters, NDManager manager) throws IOException {
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
