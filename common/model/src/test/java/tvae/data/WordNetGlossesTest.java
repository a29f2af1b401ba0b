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

class WordNetGlossesTest {

    @Test
    void readsEveryInstalledSynsetWithItsLexicographerFile() throws IOException {
        List<CorpusItem> items = WordNetGlosses.read(WordNetGlosses.defaultDirectory(), WordNetGlosses.DEFAULT_MAX_CHARS);
        Map<String, Long> perLabel = items.stream().collect(Collectors.groupingBy(CorpusItem::label, Collectors.counting()));
        System.out.printf("WordNet: %d glosses in %d lexicographer files%n", items.size(), perLabel.size());
        assertTrue(items.size() > 110_000, "WordNet 3.0 has 117,659 synsets, got " + items.size());
        assertEquals(45, perLabel.size(), perLabel.keySet().toString());
        assertTrue(items.contains(new CorpusItem("an entity that has physical existence", "noun.Tops")));
        assertTrue(items.contains(new CorpusItem(
                "that which is perceived or known or inferred to have its own distinct existence (living or", "noun.Tops")),
                "entity's 101 characters capped at a word boundary");
        assertTrue(items.contains(new CorpusItem("draw air into, and expel out of, the lungs", "verb.body")),
                "breathe's first definition, examples cut off");
        for (CorpusItem item : items) {
            assertTrue(item.text().length() <= WordNetGlosses.DEFAULT_MAX_CHARS && !item.text().isBlank()
                    && !item.text().contains(";") && !item.text().contains("  "), item.text());
        }
    }

    @Test
    void keepsTheFirstDefinitionCappedAtAWordBoundary() {
        assertEquals("a domestic animal", WordNetGlosses.firstDefinition("a domestic animal; \"the dog barked\"", 100));
        assertEquals("someone who leads", WordNetGlosses.firstDefinition("someone who leads;  a leader  ", 100));
        assertEquals("an animal", WordNetGlosses.firstDefinition("an \t animal", 100));
        assertEquals("one two", WordNetGlosses.firstDefinition("one two three", 8));
        assertEquals("abcdefgh", WordNetGlosses.firstDefinition("abcdefghijkl", 8));
        assertEquals("", WordNetGlosses.firstDefinition("\"only an example\"", 100));
    }

    @Test
    void readsASmallDatabaseAndItsOwnLexnames(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("data.noun"), """
                  1 This software and database is being provided to you, the LICENSEE, by
                  2 Princeton University under the following license.
                00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which exists; "an example"
                00015388 05 n 01 animal 0 002 @ 00004475 n 0000 | a living organism  
                """);
        Files.writeString(dir.resolve("lexnames"), "03\tnoun.TOP\t1\n05\tnoun.beast\t1\n");
        assertEquals(List.of(new CorpusItem("that which exists", "noun.TOP"), new CorpusItem("a living organism", "noun.beast")),
                WordNetGlosses.read(dir, 100));
    }

    @Test
    void refusesWhatIsNotAWordNetDatabase(@TempDir Path dir) throws IOException {
        IOException missing = assertThrows(IOException.class, () -> WordNetGlosses.read(dir, 100));
        assertTrue(missing.getMessage().contains("wordnet-base"), missing.getMessage());
        Files.writeString(dir.resolve("data.noun"), "not a synset line\n");
        assertThrows(IOException.class, () -> WordNetGlosses.read(dir, 100));
        Files.writeString(dir.resolve("data.noun"), "00001740 99 n 01 entity 0 000 | gloss\n");
        IOException unknown = assertThrows(IOException.class, () -> WordNetGlosses.read(dir, 100));
        assertTrue(unknown.getMessage().contains("99"), unknown.getMessage());
    }
}
