package tvae.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (the format MNIST and Fashion-MNIST ship in): a 4-byte magic {@code 0 0 type rank}, {@code rank}
 * big-endian sizes, then the values. Only unsigned bytes (type 0x08) occur in those sets, so only they are read.
 * Gzipped files are recognised by their first bytes, whatever their name.
 */
public record IdxFile(int[] dimensions, byte[] values) {
    private static final int UNSIGNED_BYTE = 0x08;

    public static IdxFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no IDX file at " + file);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file)))) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank < 1 || rank > 4) {
                throw new IOException(file + " is not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            if (type != UNSIGNED_BYTE) {
                throw new IOException(file + " holds IDX type 0x" + Integer.toHexString(type) + "; only unsigned bytes (0x08) are read");
            }
            int[] dimensions = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                dimensions[i] = in.readInt();
                count *= dimensions[i];
                if (dimensions[i] < 0 || count > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + " declares sizes " + Arrays.toString(Arrays.copyOf(dimensions, i + 1))
                            + " that are negative or too large");
                }
            }
            byte[] values = new byte[(int) count];
            try {
                in.readFully(values);
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: sizes " + Arrays.toString(dimensions) + " need " + count
                        + " values", e);
            }
            return new IdxFile(dimensions, values);
        } catch (EOFException e) {
            throw new IOException(file + " is too short to be an IDX file", e);
        }
    }

    /** Value {@code i} as the unsigned number it stands for. */
    public int unsigned(int i) {
        return values[i] & 0xFF;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
    }
}
