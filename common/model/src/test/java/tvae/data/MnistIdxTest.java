package tvae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.digit.DigitImage;

class MnistIdxTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        Path raw = IdxFixture.write(dir.resolve("raw"), new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255}, false);
        Path gz = IdxFixture.write(dir.resolve("gz"), new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255}, true);
        for (Path file : List.of(raw, gz)) {
            IdxFile idx = IdxFile.read(file);
            assertArrayEquals(new int[] {2, 3}, idx.dimensions());
            assertEquals(255, idx.unsigned(5));
            assertEquals(2, idx.unsigned(2));
        }
    }

    @Test
    void pairsImagesWithTheLabelsFileBesideThem() throws IOException {
        Path images = IdxFixture.writeImagesAndLabels(dir, "train", 12, true);
        List<LabelledImage> read = MnistIdx.read(images);
        assertEquals(12, read.size());
        assertEquals("3", read.get(3).label());
        assertEquals("1", read.get(11).label());
        DigitImage third = read.get(3).image();
        assertEquals(28, third.width());
        assertEquals(252 / 255f, third.pixel(2, 2), 1e-6);
        assertEquals(0f, third.pixel(0, 0));
        assertEquals(0f, third.pixel(2 + 10, 2), "side 10 ends at column 11");
    }

    @Test
    void readsEveryImageFileOfADirectory() throws IOException {
        IdxFixture.writeImagesAndLabels(dir, "train", 5, false);
        IdxFixture.writeImagesAndLabels(dir, "t10k", 3, true);
        assertEquals(8, MnistIdx.readDirectory(dir).size());
    }

    @Test
    void imagesWithoutLabelsAreUnlabelled() throws IOException {
        Path images = IdxFixture.writeImagesAndLabels(dir, "train", 2, false);
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        assertNull(MnistIdx.read(images).get(0).label());
    }

    @Test
    void refusesBrokenFilesWithTheReason() throws IOException {
        Path truncated = dir.resolve("truncated-images-idx3-ubyte");
        IdxFixture.write(truncated, new int[] {2, 28, 28}, new byte[100], false);
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(truncated)).getMessage().contains("truncated"));
        Path notIdx = Files.writeString(dir.resolve("text-images-idx3-ubyte"), "hello, not IDX");
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(notIdx)).getMessage().contains("not an IDX file"));
        Path empty = Files.write(dir.resolve("empty"), new byte[2]);
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(empty)).getMessage().contains("too short"));
        Path flat = IdxFixture.write(dir.resolve("flat-images-idx3-ubyte"), new int[] {4}, new byte[4], false);
        assertTrue(assertThrows(IOException.class, () -> MnistIdx.read(flat, null)).getMessage().contains("[count, rows, columns]"));
        Path images = IdxFixture.writeImagesAndLabels(dir, "mismatch", 3, false);
        IdxFixture.write(dir.resolve("mismatch-labels-idx1-ubyte"), new int[] {2}, new byte[2], false);
        assertTrue(assertThrows(IOException.class, () -> MnistIdx.read(images)).getMessage().contains("does not label"));
        assertThrows(IOException.class, () -> MnistIdx.readDirectory(Files.createDirectory(dir.resolve("none"))));
    }

    @Test
    void readsTheInstalledFashionMnist() throws IOException {
        long start = System.nanoTime();
        List<LabelledImage> images = MnistIdx.readDirectory(MnistIdx.FASHION_MNIST);
        System.out.printf("Fashion-MNIST: %d images in %.1f s%n", images.size(), (System.nanoTime() - start) / 1e9);
        assertEquals(70_000, images.size());
        Set<String> labels = images.stream().map(LabelledImage::label).collect(Collectors.toSet());
        assertEquals(Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), labels);
        assertTrue(images.stream().allMatch(i -> i.image().width() == 28 && i.image().height() == 28));
        assertTrue(images.stream().filter(i -> i.image().isBlank()).count() < 10, "garments have ink");
        assertTrue(Arrays.asList(MnistIdx.imageFiles(MnistIdx.FASHION_MNIST).stream().map(p -> p.getFileName().toString())
                .toArray()).contains("train-images-idx3-ubyte.gz"));
    }
}
