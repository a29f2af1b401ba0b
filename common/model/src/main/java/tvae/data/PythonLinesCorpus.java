package tvae.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.SyntaxFilter;
import tvae.transfer.Sha256;

/**
 * The Python-lines data set (design §6): single-line statements harvested from a tree of {@code .py} files (by
 * default the local standard library) or read from a text file of lines, de-duplicated, capped in length, kept only
 * when CPython parses them on their own, and split by hash. The result is cached as JSON under a key that covers the
 * source files (path, size, modification time), the options and the syntax judge, so a second build is a file read.
 */
public final class PythonLinesCorpus {
    private static final int CACHE_FORMAT = 1;
    private static final int SYNTAX_BATCH = 20_000;
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("site-packages", "dist-packages", "__pycache__");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String READING = "reading .py files";
    static final String PARSING = "keeping the lines CPython parses";

    private final Path source;
    private final boolean sourceIsTree;
    private int maxChars = 160;
    private boolean dropComments = true;
    private SyntaxFilter syntaxFilter;
    private HashSplit split = HashSplit.DEFAULT;
    private Path cacheDir;
    private PreparationProgress progress = PreparationProgress.NONE;

    private PythonLinesCorpus(Path source, boolean sourceIsTree) {
        this.source = source.toAbsolutePath().normalize();
        this.sourceIsTree = sourceIsTree;
    }

    /** Harvest every {@code .py} file below {@code root}; installed third-party packages are skipped. */
    public static PythonLinesCorpus fromTree(Path root) {
        return new PythonLinesCorpus(root, true);
    }

    /** Each non-blank line of a UTF-8 text file is one candidate (indentation removed). */
    public static PythonLinesCorpus fromLinesFile(Path file) {
        return new PythonLinesCorpus(file, false);
    }

    /** Longest line kept, in characters (the cap in tokens comes later: {@link SplitCorpus#withinTokens}). */
    public PythonLinesCorpus maxChars(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be >= 1, was " + maxChars);
        }
        this.maxChars = maxChars;
        return this;
    }

    /** Whether a trailing {@code # comment} is cut off a harvested line (default true). */
    public PythonLinesCorpus dropComments(boolean dropComments) {
        this.dropComments = dropComments;
        return this;
    }

    /** The judge of which lines parse; without one CPython itself judges ({@link PythonSyntaxChecker}). */
    public PythonLinesCorpus syntaxFilter(SyntaxFilter syntaxFilter) {
        this.syntaxFilter = syntaxFilter;
        return this;
    }

    public PythonLinesCorpus split(HashSplit split) {
        this.split = Objects.requireNonNull(split);
        return this;
    }

    /** Where built corpora are kept; without one every build harvests afresh. */
    public PythonLinesCorpus cacheDir(Path cacheDir) {
        this.cacheDir = cacheDir;
        return this;
    }

    /** Who hears how far a harvest has come (files read, lines judged); a cache hit reports nothing. */
    public PythonLinesCorpus progress(PreparationProgress progress) {
        this.progress = progress;
        return this;
    }

    /** What a build produced and how the candidates were thinned out on the way. */
    public record Built(SplitCorpus corpus, Stats stats, boolean fromCache) {
    }

    /**
     * Counts along the pipeline: files read (and skipped as not UTF-8), single-line statements found, distinct ones,
     * those over the length cap, those the syntax judge refused, and those kept.
     */
    public record Stats(int files, int unreadableFiles, int candidates, int distinct, int tooLong, int syntaxRejected,
                        int kept) {
    }

    public Built build() throws IOException {
        if (syntaxFilter != null) {
            return build(syntaxFilter);
        }
        // Its workers live only as long as this build (a cache hit still asks them for the identity in the key).
        try (PythonSyntaxChecker cpython = PythonSyntaxChecker.start()) {
            return build(cpython);
        }
    }

    private Built build(SyntaxFilter judge) throws IOException {
        List<Path> files = sourceFiles();
        String key = cacheKey(files, judge);
        Path cached = cacheDir == null ? null : cacheDir.resolve("python-lines-" + key.substring(0, 24) + ".json");
        if (cached != null && Files.isRegularFile(cached)) {
            CacheFile file = JSON.readValue(cached.toFile(), CacheFile.class);
            if (file.formatVersion() == CACHE_FORMAT && key.equals(file.key())) {
                return new Built(new SplitCorpus(unlabelled(file.train()), unlabelled(file.valid()), unlabelled(file.test())),
                        file.stats(), true);
            }
        }
        Built built = harvest(files, judge);
        if (cached != null) {
            writeCache(cached, key, built);
        }
        return built;
    }

    private Built harvest(List<Path> files, SyntaxFilter judge) throws IOException {
        int unreadable = 0;
        int candidates = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (int f = 0; f < files.size(); f++) {
            progress.report(READING, f, files.size());
            Path file = files.get(f);
            String text = readUtf8(file);
            if (text == null) {
                unreadable++;
                continue;
            }
            List<String> lines = sourceIsTree ? PythonLogicalLines.singleLineStatements(text, dropComments)
                    : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
            candidates += lines.size();
            distinct.addAll(lines);
        }
        progress.report(READING, files.size(), files.size());
        List<String> shortEnough = distinct.stream().filter(line -> line.length() <= maxChars).toList();
        List<String> kept = parsing(shortEnough, judge);
        SplitCorpus corpus = split.split(unlabelled(kept));
        Stats stats = new Stats(files.size(), unreadable, candidates, distinct.size(), distinct.size() - shortEnough.size(),
                shortEnough.size() - kept.size(), kept.size());
        return new Built(corpus, stats, false);
    }

    private List<String> parsing(List<String> lines, SyntaxFilter judge) throws IOException {
        List<String> kept = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += SYNTAX_BATCH) {
            progress.report(PARSING, from, lines.size());
            List<String> batch = lines.subList(from, Math.min(lines.size(), from + SYNTAX_BATCH));
            boolean[] accepted = judge.accepts(batch);
            if (accepted.length != batch.size()) {
                throw new IOException("syntax judge answered " + accepted.length + " verdicts for " + batch.size() + " lines");
            }
            for (int i = 0; i < accepted.length; i++) {
                if (accepted[i]) {
                    kept.add(batch.get(i));
                }
            }
        }
        progress.report(PARSING, lines.size(), lines.size());
        return kept;
    }

    private List<Path> sourceFiles() throws IOException {
        if (!sourceIsTree) {
            if (!Files.isRegularFile(source)) {
                throw new IOException("no text file of lines at " + source);
            }
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new IOException("no directory of .py files at " + source);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p))
                    .filter(p -> !inSkippedDirectory(source.relativize(p)))
                    .sorted().toList();
        }
    }

    private static boolean inSkippedDirectory(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String part = relative.getName(i).toString();
            if (SKIPPED_DIRECTORIES.contains(part) || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The file as strict UTF-8, or null when it is in another encoding (a few test files of the stdlib are). */
    private static String readUtf8(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private String cacheKey(List<Path> files, SyntaxFilter judge) throws IOException {
        MessageDigest digest = Sha256.digest();
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("format", CACHE_FORMAT);
        recipe.put("source", source.toString());
        recipe.put("tree", sourceIsTree);
        recipe.put("maxChars", maxChars);
        recipe.put("dropComments", dropComments);
        recipe.put("split", List.of(split.validFraction(), split.testFraction()));
        recipe.put("syntax", judge.identity());
        digest.update(JSON.writeValueAsBytes(recipe));
        for (Path file : files) {
            digest.update((source.relativize(file) + "\0" + Files.size(file) + "\0"
                    + Files.getLastModifiedTime(file).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(digest);
    }

    private static void writeCache(Path target, String key, Built built) throws IOException {
        Files.createDirectories(target.getParent());
        SplitCorpus c = built.corpus();
        CacheFile file = new CacheFile(CACHE_FORMAT, key, built.stats(), c.texts(Split.TRAIN), c.texts(Split.VALID),
                c.texts(Split.TEST));
        Path temp = Files.createTempFile(target.getParent(), ".python-lines-", ".tmp");
        try {
            JSON.writeValue(temp.toFile(), file);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static List<CorpusItem> unlabelled(List<String> texts) {
        return texts.stream().map(CorpusItem::unlabelled).toList();
    }

    private record CacheFile(int formatVersion, String key, Stats stats, List<String> train, List<String> valid,
                             List<String> test) {
    }
}
