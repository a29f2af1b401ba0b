package tvae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.model.TransformerVaeConfig;
import tvae.train.TrainingFixtures;
import tvae.transfer.Sha256;

/** Checkpoints signed by the trainer's key verify; unsigned, wrongly signed, changed or bomb-carrying ones are refused. */
class CheckpointSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_UNPACKED = 64L << 20;
    private static final KeyPair TRAINER = CheckpointSignature.generateKeyPair();
    private static final KeyPair STRANGER = CheckpointSignature.generateKeyPair();
    @TempDir
    static Path dir;
    private static CheckpointContents contents;

    @BeforeAll
    static void contents() throws IOException {
        byte[] parameters = new byte[40_000];
        new Random(7).nextBytes(parameters); // verification never loads them into a model
        contents = new CheckpointContents("run-s", 12, TransformerVaeConfig.preset("tiny"),
                Checkpoint.tokenizerFiles(TrainingFixtures.tokenizer()), parameters, null, null, Map.of("tokenAccuracy", 0.5), null);
    }

    @Test
    void signedCheckpointVerifiesAndStillReadsAsALocalFile() throws IOException {
        Path signed = Checkpoint.write(dir.resolve("signed.zip"), contents, TRAINER.getPrivate());
        JsonNode manifest = Checkpoint.verify(signed, List.of(TRAINER.getPublic()), MAX_UNPACKED);
        assertEquals(12, manifest.path("step").asLong());
        assertEquals(Checkpoint.readManifest(signed), manifest);
        assertEquals(12, Checkpoint.read(signed).step());
    }

    @Test
    void aRotationTrustsOldAndNewKeysTogetherThenTheNewOneAlone() throws IOException {
        KeyPair next = CheckpointSignature.generateKeyPair();
        Path byOld = Checkpoint.write(dir.resolve("by-old.zip"), contents, TRAINER.getPrivate());
        Path byNext = Checkpoint.write(dir.resolve("by-next.zip"), contents, next.getPrivate());
        String both = CheckpointSignature.encode(TRAINER.getPublic()) + ", " + CheckpointSignature.encode(next.getPublic());
        List<PublicKey> during = CheckpointSignature.publicKeys(both, "tvae.checkpoint.verify-key");
        assertEquals(12, Checkpoint.verify(byOld, during, MAX_UNPACKED).path("step").asLong());
        assertEquals(12, Checkpoint.verify(byNext, during, MAX_UNPACKED).path("step").asLong());

        List<PublicKey> after = CheckpointSignature.publicKeys(CheckpointSignature.encode(next.getPublic()), "k");
        assertEquals(12, Checkpoint.verify(byNext, after, MAX_UNPACKED).path("step").asLong());
        CorruptCheckpointException dropped = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.verify(byOld, after, MAX_UNPACKED));
        assertTrue(dropped.getMessage().contains("does not verify with the configured key"), dropped.getMessage());
        CorruptCheckpointException stranger = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.verify(
                Checkpoint.write(dir.resolve("by-stranger.zip"), contents, STRANGER.getPrivate()), during, MAX_UNPACKED));
        assertTrue(stranger.getMessage().contains("does not verify with any of the 2 configured keys"), stranger.getMessage());
    }

    @Test
    void aTrustedKeyListIsShortAndEveryEntryIsAKey() {
        String key = CheckpointSignature.encode(TRAINER.getPublic());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSignature.publicKeys(String.join(",", key, key, key, key, key), "s"));
        assertEquals("s lists 5 keys, at most 4 are trusted at once", tooMany.getMessage());
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSignature.publicKeys(key + ",bm90IGEga2V5", "s"));
        assertTrue(second.getMessage().startsWith("s (key 2) is not an Ed25519 public key"), second.getMessage());
        assertEquals("s is not set", assertThrows(IllegalArgumentException.class,
                () -> CheckpointSignature.publicKeys(" , ", "s")).getMessage());
    }

    @Test
    void refusesUnsignedCheckpointThatStillReadsLocally() throws IOException {
        Path unsigned = Checkpoint.write(dir.resolve("unsigned.zip"), contents);
        assertRefused(unsigned, "unsigned");
        assertEquals(12, Checkpoint.read(unsigned).step(), "tvae score and resume read unsigned local files");
    }

    @Test
    void refusesCheckpointSignedByAnotherKey() throws IOException {
        assertRefused(Checkpoint.write(dir.resolve("stranger.zip"), contents, STRANGER.getPrivate()), "does not verify");
    }

    @Test
    void refusesManifestChangedUnderItsSignature() throws IOException {
        Path signed = Checkpoint.write(dir.resolve("to-change.zip"), contents, TRAINER.getPrivate());
        Map<String, byte[]> entries = entries(signed);
        ObjectNode manifest = (ObjectNode) JSON.readTree(entries.get(Checkpoint.MANIFEST));
        manifest.put("step", 1_000_000);
        entries.put(Checkpoint.MANIFEST, JSON.writeValueAsBytes(manifest));
        assertRefused(zip(dir.resolve("changed-manifest.zip"), entries), "does not verify");
    }

    @Test
    void refusesWeightsChangedUnderAValidSignature() throws IOException {
        Map<String, byte[]> entries = entries(Checkpoint.write(dir.resolve("to-swap.zip"), contents, TRAINER.getPrivate()));
        byte[] other = entries.get(Checkpoint.PARAMETERS).clone();
        other[100] ^= 1;
        entries.put(Checkpoint.PARAMETERS, other);
        assertRefused(zip(dir.resolve("swapped-weights.zip"), entries), "sha256");
    }

    @Test
    void refusesAZipBombAfterTheListedSizeWithoutInflatingIt() throws IOException {
        // Signed by the right key and listing 100 bytes, yet the entry inflates to 256 MiB: reading stops at byte 101.
        ObjectNode manifest = manifestListing(Map.of(Checkpoint.PARAMETERS, new byte[100]));
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            putSigned(zip, manifest);
            zip.putNextEntry(new ZipEntry(Checkpoint.PARAMETERS));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2_000_000, "the bomb is small on the wire: " + Files.size(bomb));
        assertRefused(bomb, "unpacks to more than the 100 bytes");
        CorruptCheckpointException local = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(bomb));
        assertTrue(local.getMessage().contains("unpacks to more than"), local.getMessage());
    }

    @Test
    void refusesAManifestThatListsMoreThanACheckpointMayUnpackTo() throws IOException {
        ObjectNode manifest = manifestListing(Map.of(Checkpoint.PARAMETERS, new byte[10]));
        ((ObjectNode) manifest.path("files").path(Checkpoint.PARAMETERS)).put("size", 10L << 30);
        Path huge = dir.resolve("huge.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(huge))) {
            putSigned(zip, manifest);
            zip.putNextEntry(new ZipEntry(Checkpoint.PARAMETERS));
            zip.write(new byte[10]);
            zip.closeEntry();
        }
        assertRefused(huge, "more than the " + MAX_UNPACKED + " bytes a checkpoint may unpack to");
    }

    @Test
    void keySettingsThatAreMissingOrWrongAreNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSignature.publicKey("", "tvae.checkpoint.verify-key"));
        assertEquals("tvae.checkpoint.verify-key is not set", missing.getMessage());
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSignature.privateKey(CheckpointSignature.encode(TRAINER.getPublic()), "tvae.checkpoint.signing-key"));
        assertTrue(swapped.getMessage().startsWith("tvae.checkpoint.signing-key is not an Ed25519 private key"), swapped.getMessage());
        assertEquals(TRAINER.getPublic(), CheckpointSignature.publicKey(CheckpointSignature.encode(TRAINER.getPublic()), "k"));
    }

    private static void assertRefused(Path zip, String reason) {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.verify(zip, List.of(TRAINER.getPublic()), MAX_UNPACKED));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static ObjectNode manifestListing(Map<String, byte[]> files) {
        ObjectNode manifest = JSON.createObjectNode().put("formatVersion", Checkpoint.FORMAT_VERSION).put("runId", "bomb").put("step", 1);
        ObjectNode listing = manifest.putObject("files");
        files.forEach((name, bytes) -> listing.putObject(name).put("sha256", Sha256.of(bytes)).put("size", bytes.length));
        return manifest;
    }

    private static void putSigned(ZipOutputStream zip, JsonNode manifest) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        put(zip, Checkpoint.MANIFEST, bytes);
        put(zip, Checkpoint.SIGNATURE, Base64.getEncoder().encode(CheckpointSignature.sign(TRAINER.getPrivate(), bytes)));
    }

    private static Map<String, byte[]> entries(Path zipFile) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    private static Path zip(Path target, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
        }
        return target;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
