package tvae.tokenize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tvae.transfer.Sha256;

/**
 * BPE tokenizers trained once per training set: kept on disk under a key that covers the texts (in order), the vocabulary
 * size and the pre-tokenizer pattern, so the second run on the same corpus loads in milliseconds instead of training.
 */
public final class BpeTokenizerCache {
    // bump when BpeTrainer learns differently from the same texts, so old tokenizers are not reused
    private static final int TRAINER_VERSION = 1;

    private final Path directory;
    private final AtomicInteger trainings = new AtomicInteger();

    /** {@code directory} holds one sub-directory per trained tokenizer; null keeps nothing (every call trains). */
    public BpeTokenizerCache(Path directory) {
        this.directory = directory;
    }

    /** The tokenizer {@code new BpeTrainer(vocabSize).train(texts)} gives, from disk when it was trained before. */
    public BpeTokenizer trainedOn(List<String> texts, int vocabSize) throws IOException {
        if (directory == null) {
            return new BpeTrainer(vocabSize).train(texts);
        }
        Path saved = directory.resolve(BpeTokenizer.KIND + "-" + key(texts, vocabSize).substring(0, 32));
        if (Files.isRegularFile(saved.resolve(TokenizerFiles.DESCRIPTOR))) {
            return BpeTokenizer.load(saved);
        }
        trainings.incrementAndGet();
        BpeTokenizer trained = new BpeTrainer(vocabSize).train(texts);
        Files.createDirectories(directory);
        Path temp = Files.createTempDirectory(directory, ".training-");
        try {
            trained.save(temp);
            Files.move(temp, saved, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // fine when another process saved the same tokenizer first: training is deterministic, theirs equals ours
            if (!Files.isDirectory(saved)) {
                throw e;
            }
        } finally {
            deleteTree(temp);
        }
        return trained;
    }

    /** How many tokenizers this cache trained rather than loaded (what a second run on the same corpus saves). */
    public int trainings() {
        return trainings.get();
    }

    private static String key(List<String> texts, int vocabSize) {
        MessageDigest digest = Sha256.digest();
        digest.update(("trainer " + TRAINER_VERSION + ", vocab " + vocabSize + ", pattern " + PythonPreTokenizer.PATTERN
                + ", texts " + texts.size() + "\n").getBytes(StandardCharsets.UTF_8));
        for (String text : texts) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
            digest.update(utf8);
        }
        return Sha256.hex(digest);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
