package tvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashSplitTest {
    private final HashSplit split = new HashSplit(0.1, 0.1);

    @Test
    void givesEveryLabelItsShareOfValidAndTestItems() {
        List<CorpusItem> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(new CorpusItem("common " + i, "big"));
        }
        for (int i = 0; i < 20; i++) {
            items.add(new CorpusItem("rare " + i, "small"));
        }
        SplitCorpus corpus = split.splitByLabel(items);
        assertEquals(100, count(corpus.test(), "big"));
        assertEquals(100, count(corpus.valid(), "big"));
        assertEquals(2, count(corpus.test(), "small"), "a rare class still gets its 10 %");
        assertEquals(2, count(corpus.valid(), "small"));
        assertEquals(1020, corpus.train().size() + corpus.valid().size() + corpus.test().size());
    }

    @Test
    void isDeterministicDisjointAndIndependentOfInputOrder() {
        List<CorpusItem> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(new CorpusItem("text " + i, "label " + i % 7));
        }
        items.add(new CorpusItem("text 3", "another label")); // a repeated text: the first one wins
        SplitCorpus first = split.splitByLabel(items);
        List<CorpusItem> shuffled = new ArrayList<>(items.subList(0, 500));
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(first, split.splitByLabel(shuffled));
        Set<String> seen = new HashSet<>();
        for (Split s : Split.values()) {
            for (String text : first.texts(s)) {
                assertTrue(seen.add(text), "in two splits: " + text);
            }
        }
        assertEquals(500, seen.size());
    }

    @Test
    void hashOrderMixesTheLabels() {
        List<CorpusItem> items = new ArrayList<>();
        for (int label = 0; label < 10; label++) {
            for (int i = 0; i < 100; i++) {
                items.add(new CorpusItem("digit " + label + " #" + i, Integer.toString(label)));
            }
        }
        List<CorpusItem> ordered = HashSplit.inHashOrder(items);
        assertEquals(new HashSet<>(items), new HashSet<>(ordered));
        long labelsInFirst50 = ordered.subList(0, 50).stream().map(CorpusItem::label).distinct().count();
        assertTrue(labelsInFirst50 >= 8, "the first items of a class-sorted input cover most classes: " + labelsInFirst50);
    }

    private static long count(List<CorpusItem> items, String label) {
        return items.stream().filter(item -> label.equals(item.label())).count();
    }
}
