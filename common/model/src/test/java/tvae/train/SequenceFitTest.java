package tvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import tvae.data.CorpusItem;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.SplitCorpus;
import tvae.events.DatasetKind;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.PixelTokenizer;

class SequenceFitTest {
    private static PreparedDataset of(DatasetKind kind) {
        SplitCorpus corpus = new SplitCorpus(List.of(new CorpusItem("x", "a")), List.of(), List.of());
        return new PreparedDataset(kind, corpus, new PixelTokenizer(Datasets.DIGIT_TEXT.alphabet()), "test");
    }

    @Test
    void everyPresetHoldsAWholeDigitWithBosAndEosForMnist() {
        for (String preset : List.of("tiny", "compact", "small", "base")) {
            TransformerVaeConfig fitted = SequenceFit.fitted(TransformerVaeConfig.preset(preset), of(DatasetKind.MNIST));
            int multiple = 1 << (fitted.encoderStages() - 1);
            assertEquals(0, fitted.maxLength() % multiple, preset + ": pooling needs a multiple of " + multiple);
            assertEquals(true, fitted.maxLength() >= Datasets.DIGIT_TEXT.length() + 2, preset + ": " + fitted.maxLength());
            assertEquals(true, fitted.maxLength() < Datasets.DIGIT_TEXT.length() + 2 + multiple, preset + ": no more than needed");
        }
    }

    @Test
    void textPresetsKeepTheirLength() {
        TransformerVaeConfig small = TransformerVaeConfig.preset("small");
        assertSame(small, SequenceFit.fitted(small, of(DatasetKind.PYTHON_LINES)));
    }
}
