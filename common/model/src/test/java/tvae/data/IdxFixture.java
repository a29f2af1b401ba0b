package tvae.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files, the way MNIST's are laid out, for reader tests. */
final class IdxFixture {
    private IdxFixture() {
    }

    /** An unsigned-byte IDX file with the given sizes and values, gzipped when {@code gzip}. */
    static Path write(Path file, int[] sizes, byte[] values, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x0800 | sizes.length);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(values);
        }
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes.toByteArray());
        }
        return file;
    }

    /** {@code count} 28x28 images, image n a filled square of side 4 + 2n in grey 255 - n, labels n % 10. */
    static Path writeImagesAndLabels(Path dir, String prefix, int count, boolean gzip) throws IOException {
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int side = 4 + 2 * n;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    pixels[n * 784 + (2 + y) * 28 + 2 + x] = (byte) (255 - n);
                }
            }
            labels[n] = (byte) (n % 10);
        }
        String gz = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), new int[] {count}, labels, gzip);
        return write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), new int[] {count, 28, 28}, pixels, gzip);
    }
}
