package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledJsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void readsTextAndLabelRecords() throws IOException {
        Path file = write("probe.jsonl", """
                {"text": "a small dog", "label": "animal"}

                {"text": "  to run quickly ", "label": "motion", "extra": 1}
                {"text": "no label here"}
                {"text": "", "label": "skipped"}
                {"text": "numeric label", "label": 7}
                """);
        assertEquals(List.of(new CorpusItem("a small dog", "animal"), new CorpusItem("to run quickly", "motion"),
                new CorpusItem("no label here", null), new CorpusItem("numeric label", "7")), LabelledJsonLines.read(file));
    }

    @Test
    void readsNewsCategoryRecords() throws IOException {
        // the News Category Dataset's own line format (HuffPost headlines, the seed's probe set)
        Path file = write("News_Category_Dataset_v3.json", """
                {"link": "https://www.huffpost.com/entry/covid-boosters", "headline": "Over 4 Million Americans Roll Up Sleeves For Omicron-Targeted COVID Boosters", "category": "U.S. NEWS", "short_description": "Health experts said it is too early.", "authors": "Carla K. Johnson, AP", "date": "2022-09-23"}
                {"link": "https://www.huffpost.com/entry/funniest-tweets", "headline": "23 Of The Funniest Tweets About Cats And Dogs This Week (Sept. 17-23)", "category": "COMEDY", "short_description": "\\"Until you have a dog you don't understand.\\"", "authors": "Elyse Wanshel", "date": "2022-09-23"}
                {"link": "https://www.huffpost.com/entry/empty", "headline": "", "category": "WORLD NEWS", "short_description": "", "authors": "", "date": "2022-09-22"}
                """);
        List<CorpusItem> items = LabelledJsonLines.read(file);
        assertEquals(2, items.size(), "the empty headline is skipped");
        assertEquals(new CorpusItem("Over 4 Million Americans Roll Up Sleeves For Omicron-Targeted COVID Boosters", "U.S. NEWS"),
                items.get(0));
        assertEquals("COMEDY", items.get(1).label());
    }

    @Test
    void namesTheLineThatIsNotJson() throws IOException {
        Path file = write("bad.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": oops}\n");
        IOException e = assertThrows(IOException.class, () -> LabelledJsonLines.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void refusesRecordsWithoutATextField() throws IOException {
        Path file = write("other.jsonl", "{\"sentence\": \"x\", \"label\": \"a\"}\n");
        IOException e = assertThrows(IOException.class, () -> LabelledJsonLines.read(file));
        assertTrue(e.getMessage().contains("\"text\"") && e.getMessage().contains("\"headline\""), e.getMessage());
        assertThrows(IOException.class, () -> LabelledJsonLines.read(write("array.jsonl", "[1, 2]\n")));
        assertThrows(IOException.class, () -> LabelledJsonLines.read(write("empty.jsonl", "\n\n")));
        assertThrows(IOException.class, () -> LabelledJsonLines.read(dir.resolve("missing.jsonl")));
    }

    @Test
    void aLabelThatIsAnObjectCountsAsNoLabel() throws IOException {
        List<CorpusItem> items = LabelledJsonLines.read(write("nested.jsonl", "{\"text\": \"t\", \"label\": {\"a\": 1}}\n"));
        assertNull(items.get(0).label());
    }

    @Test
    void repairsEscapedLoneSurrogatesSoTextsRoundTrip() throws IOException {
        Path file = write("surrogates.jsonl", "{\"text\": \"half \\ud83d of an emoji, whole \\ud83d\\udc0d\", \"label\": \"x\"}\n");
        assertEquals("half \uFFFD of an emoji, whole 🐍", LabelledJsonLines.read(file).get(0).text());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
