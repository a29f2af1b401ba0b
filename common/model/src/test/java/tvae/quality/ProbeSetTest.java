package tvae.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.data.CorpusItem;
import tvae.data.PreparedDataset;
import tvae.data.SplitCorpus;
import tvae.events.DatasetKind;
import tvae.events.ProbeItem;
import tvae.syntax.PythonSyntaxChecker;
import tvae.train.TrainingFixtures;

/** The probe's labelled items, which the evaluation suite and the CLI both take from here. */
class ProbeSetTest {
    @Test
    void pythonLinesAreLabelledByStatementKindAndLinesCPythonRejectsAreLeftOut() throws Exception {
        PreparedDataset data = dataset(DatasetKind.PYTHON_LINES, List.of(CorpusItem.unlabelled("x = 1"),
                CorpusItem.unlabelled("return (a"), CorpusItem.unlabelled("import os"), CorpusItem.unlabelled("return y")));
        try (PythonSyntaxChecker syntax = PythonSyntaxChecker.start()) {
            assertEquals(List.of(new CorpusItem("x = 1", "Assign"), new CorpusItem("import os", "Import"),
                    new CorpusItem("return y", "Return")), ProbeSet.of(data, syntax));
        }
        assertEquals("python-statement-kinds", ProbeSet.name(data));
    }

    @Test
    void labelledDataKeepsItsOwnLabelsAndNeedsNoParser() {
        PreparedDataset data = dataset(DatasetKind.PROBE_TEXTS, List.of(new CorpusItem("a small dog", "noun.animal"),
                CorpusItem.unlabelled("no label"), new CorpusItem("to run fast", "verb.motion")));
        assertEquals(List.of(new CorpusItem("a small dog", "noun.animal"), new CorpusItem("to run fast", "verb.motion")),
                ProbeSet.of(data, null));
        assertEquals("probe-texts-labels", ProbeSet.name(data));
    }

    @Test
    void eachItemCarriesItsOwnCodesFlattenedTokenByToken() {
        List<CorpusItem> labelled = List.of(new CorpusItem("x = 1", "Assign"), new CorpusItem("import os", "Import"));
        float[][][] codes = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        List<ProbeItem> items = ProbeSet.items(labelled, codes);
        assertEquals(2, items.size());
        assertEquals("Import", items.get(1).label());
        assertEquals("import os", items.get(1).text());
        assertArrayEquals(new float[] {5, 6, 7, 8}, items.get(1).latent());
    }

    /** Held-out items only: train and valid hold an item that must not appear. */
    private static PreparedDataset dataset(DatasetKind kind, List<CorpusItem> test) {
        List<CorpusItem> elsewhere = List.of(new CorpusItem("y = 2", "Assign"));
        return new PreparedDataset(kind, new SplitCorpus(elsewhere, elsewhere, test), TrainingFixtures.tokenizer(), "fixture");
    }
}
