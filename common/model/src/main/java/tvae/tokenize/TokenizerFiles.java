package tvae.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import tvae.transfer.Sha256;

/**
 * The saved form of a tokenizer: a few named files whose bytes alone define it.
 * Its sha256 covers names and contents, so two tokenizers with equal hashes encode identically.
 */
public final class TokenizerFiles {
    /** Every saved tokenizer has this small JSON file naming its kind, so {@link Tokenizers#load} can pick the class. */
    public static final String DESCRIPTOR = "tvae-tokenizer.json";

    private final SortedMap<String, byte[]> files;

    private TokenizerFiles(SortedMap<String, byte[]> files) {
        this.files = files;
    }

    public static TokenizerFiles of(Map<String, byte[]> files) {
        if (!files.containsKey(DESCRIPTOR)) {
            throw new IllegalArgumentException("a saved tokenizer needs " + DESCRIPTOR + ", got " + files.keySet());
        }
        SortedMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("tokenizer file name must be a plain file name: '" + name + "'");
            }
            copy.put(name, bytes.clone());
        });
        return new TokenizerFiles(Collections.unmodifiableSortedMap(copy));
    }

    /** Reads every regular file of {@code directory} (not recursive). */
    public static TokenizerFiles readFrom(Path directory) throws IOException {
        if (!Files.isRegularFile(directory.resolve(DESCRIPTOR))) {
            throw new IOException("no saved tokenizer in " + directory + ": " + DESCRIPTOR + " is missing");
        }
        SortedMap<String, byte[]> read = new TreeMap<>();
        try (Stream<Path> listing = Files.list(directory)) {
            for (Path file : (Iterable<Path>) listing.filter(Files::isRegularFile)::iterator) {
                read.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return of(read);
    }

    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(directory.resolve(file.getKey()), file.getValue());
        }
    }

    public byte[] get(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new UncheckedIOException(new IOException("saved tokenizer has no file '" + name + "', only " + files.keySet()));
        }
        return bytes.clone();
    }

    public String text(String name) {
        return new String(get(name), StandardCharsets.UTF_8);
    }

    /** sha256 over (name, length, bytes) of every file in name order: renaming or editing any file changes it. */
    public String sha256() {
        MessageDigest digest = Sha256.digest();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(file.getValue().length).array());
            digest.update(file.getValue());
        }
        return Sha256.hex(digest);
    }
}
