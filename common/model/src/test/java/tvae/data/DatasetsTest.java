package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.tokenize.BpeTokenizer;
import tvae.tokenize.PixelTokenizer;
import tvae.tokenize.Tokenizer;

/** Every dataset kind as a run names it, on the installed data and on small files written here. */
class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void pythonLinesAreTheStandardLibraryWithBpeTrainedOnTheirTrainSplit() throws IOException {
        // the shared cache: only the first test run on a machine harvests and trains (about 30 s)
        PreparedDataset data = timed("python-lines", () -> Datasets.prepare(DatasetSpec.of(DatasetKind.PYTHON_LINES),
                PythonLinesFixture.cacheDir()));
        assertEquals(DatasetKind.PYTHON_LINES, data.kind());
        assertTrue(data.tokenizer() instanceof BpeTokenizer);
        assertEquals(Datasets.BPE_VOCABULARY, data.tokenizer().vocabSize());
        assertTrue(data.corpus().train().size() > 100_000, data.source());
        assertRoundTrips(data, 2000);
        PreparedDataset again = timed("python-lines again", () -> Datasets.prepare(
                new DatasetSpec(DatasetKind.PYTHON_LINES, null, 128), PythonLinesFixture.cacheDir()));
        assertSame(data.tokenizer(), again.tokenizer(), "prepared once per process");
        assertEquals(128, again.corpus().train().size());
        assertEquals(data.corpus().test(), again.corpus().test(), "maxItems caps only the training split");
    }

    @Test
    void probeTextsAreWordNetGlossesWithTheirLexicographerFiles() throws IOException {
        PreparedDataset data = timed("probe-texts", () -> Datasets.prepare(DatasetSpec.of(DatasetKind.PROBE_TEXTS), dir));
        assertEquals(DatasetKind.PROBE_TEXTS, data.kind());
        assertEquals(45, data.corpus().test().stream().map(CorpusItem::label).distinct().count(), "every class is tested");
        assertTrue(data.corpus().items(Split.TEST).stream().allMatch(item -> item.label() != null));
        assertRoundTrips(data, 5000);
        PreparedDataset again = Datasets.prepare(DatasetSpec.of(DatasetKind.PROBE_TEXTS), dir);
        assertSame(data.corpus(), again.corpus(), "a prepared dataset comes back as it is, not read again");
    }

    @Test
    void mnistIsTheOfficialDigitsWrittenAsPixelText() throws IOException {
        PreparedDataset data = timed("mnist", () -> Datasets.prepare(new DatasetSpec(DatasetKind.MNIST, null, 500), dir));
        assertEquals(DatasetKind.MNIST, data.kind());
        assertTrue(data.tokenizer() instanceof PixelTokenizer);
        assertEquals(500, data.corpus().train().size());
        assertTrue(data.corpus().train().stream().map(CorpusItem::label).distinct().count() == 10,
                "the first 500 training digits cover every class");
        for (CorpusItem digit : data.corpus().test()) {
            assertTrue(Datasets.DIGIT_TEXT.isWellFormed(digit.text()));
            assertEquals(210, data.tokenizer().encode(digit.text()).length);
            assertTrue(!Datasets.DIGIT_TEXT.read(digit.text()).isBlank());
        }
        assertTrue(data.corpus().test().size() >= 2000, "enough held out for a 2,000-item probe: " + data.corpus().test().size());
        assertRoundTrips(data, 1000);
    }

    @Test
    void aPathOfJsonLinesIsAProbeSet() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append("{\"headline\": \"Headline number ").append(i).append(" about ")
                    .append(i % 2 == 0 ? "politics" : "sports").append("\", \"category\": \"")
                    .append(i % 2 == 0 ? "POLITICS" : "SPORTS").append("\"}\n");
        }
        Path file = Files.writeString(dir.resolve("news.jsonl"), lines);
        PreparedDataset data = Datasets.prepare(new DatasetSpec(DatasetKind.PATH, file.toString(), null), dir);
        assertEquals(DatasetKind.PROBE_TEXTS, data.kind());
        assertEquals(200, all(data).size());
        assertEquals(List.of("POLITICS", "SPORTS"), data.corpus().test().stream().map(CorpusItem::label).distinct().sorted().toList());
        assertRoundTrips(data, 200);
        // the same path named as probe-texts is the same data; edited, it is read again
        assertSame(data.corpus(), Datasets.prepare(new DatasetSpec(DatasetKind.PROBE_TEXTS, file.toString(), null), dir).corpus());
        Files.writeString(file, lines + "{\"headline\": \"one more\", \"category\": \"NEW\"}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(201, all(Datasets.prepare(new DatasetSpec(DatasetKind.PATH, file.toString(), null), dir)).size());
    }

    @Test
    void aPathOfIdxFilesIsMnist() throws IOException {
        Path idx = Files.createDirectory(dir.resolve("idx"));
        IdxFixture.writeImagesAndLabels(idx, "train", 12, true);
        PreparedDataset data = Datasets.prepare(new DatasetSpec(DatasetKind.PATH, idx.toString(), null), dir);
        assertEquals(DatasetKind.MNIST, data.kind());
        assertEquals(12, all(data).size());
        PreparedDataset oneFile = Datasets.prepare(new DatasetSpec(DatasetKind.MNIST,
                idx.resolve("train-images-idx3-ubyte.gz").toString(), null), dir);
        assertEquals(data.corpus(), oneFile.corpus());
    }

    @Test
    void aPathOfPythonLinesIsReadAndJudgedByCPython() throws IOException {
        Path file = Files.writeString(dir.resolve("lines.txt"), "x = 1\n  return y\nthis isn't python\n"
                + "for i in range(3): print(i)\n" + "value = compute(a, b)\n");
        Path tree = Files.createDirectories(dir.resolve("tree/pkg"));
        Files.writeString(tree.resolve("mod.py"), "import os\n\ndef f(a):\n    return a + 1\n");
        PreparedDataset lines = Datasets.prepare(new DatasetSpec(DatasetKind.PATH, file.toString(), null), dir);
        assertEquals(DatasetKind.PYTHON_LINES, lines.kind());
        assertEquals(4, all(lines).size(), all(lines).toString());
        assertTrue(!all(lines).contains("this isn't python"));
        PreparedDataset fromTree = Datasets.prepare(new DatasetSpec(DatasetKind.PYTHON_LINES, dir.resolve("tree").toString(), null), dir);
        assertEquals(Set.of("import os", "return a + 1"), Set.copyOf(all(fromTree)), "a def without its body does not parse alone");
    }

    @Test
    void aBuildFromScratchReportsEachStageFromStartToEnd() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("reported"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(tree.resolve("m" + i + ".py"), "import os\nx = " + i + "\nprint(x, os.sep)\n");
        }
        List<String> reports = new java.util.ArrayList<>();
        PreparationProgress recording = (stage, done, total) -> reports.add(stage + " " + done + "/" + total);
        DatasetSpec spec = new DatasetSpec(DatasetKind.PYTHON_LINES, tree.toString(), null);
        Datasets.prepare(spec, dir, recording);
        String tokenizer = "BPE tokenizer, vocabulary " + Datasets.BPE_VOCABULARY + " (trained once, then read from the cache)";
        assertEquals(List.of(PythonLinesCorpus.READING + " 0/3", PythonLinesCorpus.READING + " 1/3",
                PythonLinesCorpus.READING + " 2/3", PythonLinesCorpus.READING + " 3/3",
                PythonLinesCorpus.PARSING + " 0/5", PythonLinesCorpus.PARSING + " 5/5", tokenizer + " 0/1", tokenizer + " 1/1"),
                reports, "three files, five distinct lines");
        reports.clear();
        Datasets.prepare(spec, dir, recording);
        assertEquals(List.of(), reports, "prepared once per process: nothing to report the second time");
    }

    @Test
    void throttledProgressPassesEveryStageBoundaryAndDropsTheStepsBetween() {
        List<String> passed = new java.util.ArrayList<>();
        PreparationProgress throttled = PreparationProgress.throttled(Long.MAX_VALUE, (stage, done, total) -> passed.add(stage + done));
        for (int done = 0; done <= 100; done++) {
            throttled.report("a", done, 100);
        }
        throttled.report("b", 3, 10);
        throttled.report("b", 4, 10);
        assertEquals(List.of("a0", "a100", "b3"), passed);
        assertEquals("a: 25/100 (25 %)", PreparationProgress.describe("a", 25, 100));
    }

    @Test
    void refusesBadPathsWithAReason() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Datasets.prepare(new DatasetSpec(DatasetKind.PATH, dir.resolve("nope.jsonl").toString(), null), dir));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path unknown = Files.writeString(dir.resolve("data.csv"), "a,b\n");
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> Datasets.prepare(new DatasetSpec(DatasetKind.PATH, unknown.toString(), null), dir));
        assertTrue(format.getMessage().contains("cannot tell the format") && format.getMessage().contains(".jsonl"),
                format.getMessage());
        Path jsonl = Files.writeString(dir.resolve("p.jsonl"), "{\"text\": \"t\", \"label\": \"l\"}\n");
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> Datasets.prepare(new DatasetSpec(DatasetKind.MNIST, jsonl.toString(), null), dir));
        assertTrue(kind.getMessage().contains("probe-texts") && kind.getMessage().contains("not mnist"), kind.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{oops\n");
        IOException unreadable = assertThrows(IOException.class,
                () -> Datasets.prepare(new DatasetSpec(DatasetKind.PATH, broken.toString(), null), dir));
        assertTrue(unreadable.getMessage().contains("line 1"), unreadable.getMessage());
        Path emptyTree = Files.createDirectory(dir.resolve("empty"));
        IOException empty = assertThrows(IOException.class,
                () -> Datasets.prepare(new DatasetSpec(DatasetKind.PATH, emptyTree.toString(), null), dir));
        assertTrue(empty.getMessage().contains("no usable python-lines"), empty.getMessage());
    }

    private static List<String> all(PreparedDataset data) {
        return Arrays.stream(Split.values()).flatMap(s -> data.corpus().texts(s).stream()).toList();
    }

    private static void assertRoundTrips(PreparedDataset data, int perSplit) {
        Tokenizer tokenizer = data.tokenizer();
        for (Split split : Split.values()) {
            for (String text : data.corpus().texts(split).stream().limit(perSplit).toList()) {
                assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
            }
        }
    }

    private interface Preparation {
        PreparedDataset run() throws IOException;
    }

    private static PreparedDataset timed(String what, Preparation preparation) throws IOException {
        long start = System.nanoTime();
        PreparedDataset data = Objects.requireNonNull(preparation.run());
        System.out.printf("%s: %s in %.2f s%n", what, data.source(), (System.nanoTime() - start) / 1e9);
        return data;
    }
}
