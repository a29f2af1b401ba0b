package tvae.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tvae.data.PythonLinesCorpus;
import tvae.data.Split;
import tvae.tokenize.Tokenizer;

/**
 * Python lines from code the model never trained on: a third-party package installed from Debian
 * ({@code python3-pygments}, pure Python, installed by {@code deploy/setup.sh}), harvested like the training corpus,
 * without any line the training split holds and without lines too long for the model. A model that interpolates only
 * its own corpus well is not what users get, so the seed score is reported on these too.
 */
public final class OutsideCorpusLines {
    public static final Path PYGMENTS = Path.of("/usr/lib/python3/dist-packages/pygments");

    private OutsideCorpusLines() {
    }

    /** Every harvested line of {@code root} not in {@code trainingLines} whose tokens fit {@code maxLength}, in order. */
    public static List<String> from(Path root, Collection<String> trainingLines, Tokenizer tokenizer, int maxLength,
                                    Path cacheDir)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is missing: install the Debian package python3-pygments (deploy/setup.sh does)");
        }
        var corpus = PythonLinesCorpus.fromTree(root).cacheDir(cacheDir).build().corpus();
        Set<String> seen = new HashSet<>(trainingLines);
        return java.util.stream.Stream.of(Split.TRAIN, Split.VALID, Split.TEST)
                .flatMap(split -> corpus.texts(split).stream())
                .filter(seen::add)
                .filter(line -> tokenizer.encode(line).length <= maxLength - 1)
                .toList();
    }
}
