package tvae.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import tvae.digit.DigitImage;

/**
 * Images from MNIST-style IDX files ({@code *-images-idx3-ubyte[.gz]}, pixel bytes 0..255), with their labels from
 * the matching {@code *-labels-idx1-ubyte[.gz]} beside them when there is one. Debian's {@code dataset-fashion-mnist}
 * installs such a directory at {@link #FASHION_MNIST}.
 */
public final class MnistIdx {
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String IMAGES = "images-idx3-ubyte";
    private static final String LABELS = "labels-idx1-ubyte";

    private MnistIdx() {
    }

    /** Whether {@code file} is named like an IDX image file. */
    public static boolean isImageFile(Path file) {
        return file.getFileName().toString().contains(IMAGES);
    }

    /** The image files of a directory, in name order (e.g. t10k before train). */
    public static List<Path> imageFiles(Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> Files.isRegularFile(p) && isImageFile(p)).sorted().toList();
        }
    }

    /** Every image of every image file in {@code directory}, labelled where a labels file matches. */
    public static List<LabelledImage> readDirectory(Path directory) throws IOException {
        List<Path> files = imageFiles(directory);
        if (files.isEmpty()) {
            throw new IOException("no IDX image files (*-" + IMAGES + "[.gz]) in " + directory);
        }
        List<LabelledImage> images = new ArrayList<>();
        for (Path file : files) {
            images.addAll(read(file));
        }
        return images;
    }

    /** The images of one file, labelled when a matching labels file lies beside it. */
    public static List<LabelledImage> read(Path images) throws IOException {
        Path labels = images.resolveSibling(images.getFileName().toString().replace(IMAGES, LABELS));
        return read(images, isImageFile(images) && Files.isRegularFile(labels) ? labels : null);
    }

    public static List<LabelledImage> read(Path images, Path labels) throws IOException {
        IdxFile pixels = IdxFile.read(images);
        if (pixels.dimensions().length != 3) {
            throw new IOException(images + " is not an image file: IDX sizes " + Arrays.toString(pixels.dimensions())
                    + ", expected [count, rows, columns]");
        }
        int count = pixels.dimensions()[0];
        int height = pixels.dimensions()[1];
        int width = pixels.dimensions()[2];
        IdxFile classes = labels == null ? null : IdxFile.read(labels);
        if (classes != null && (classes.dimensions().length != 1 || classes.dimensions()[0] != count)) {
            throw new IOException(labels + " does not label the " + count + " images of " + images + ": IDX sizes "
                    + Arrays.toString(classes.dimensions()));
        }
        List<LabelledImage> out = new ArrayList<>(count);
        int size = width * height;
        for (int n = 0; n < count; n++) {
            float[] grey = new float[size];
            for (int i = 0; i < size; i++) {
                grey[i] = pixels.unsigned(n * size + i) / 255f;
            }
            out.add(new LabelledImage(new DigitImage(width, height, grey),
                    classes == null ? null : Integer.toString(classes.unsigned(n))));
        }
        return out;
    }
}
