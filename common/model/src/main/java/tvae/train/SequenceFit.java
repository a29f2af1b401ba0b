package tvae.train;

import java.util.Map;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.events.DatasetKind;
import tvae.model.TransformerVaeConfig;

/**
 * A preset's sequence length made to fit the data where cutting would be wrong. Text lines longer than the preset are
 * cut, as the seed caps its lines; a digit is a fixed-size image, and the presets' 24–64 tokens would keep only its
 * top rows, so MNIST runs get a length that holds the whole digit (BOS and EOS included), rounded up to what the
 * Funnel encoder's pooling needs.
 */
public final class SequenceFit {
    private SequenceFit() {
    }

    public static TransformerVaeConfig fitted(TransformerVaeConfig config, PreparedDataset data) {
        if (data.kind() != DatasetKind.MNIST) {
            return config;
        }
        int needed = Datasets.DIGIT_TEXT.length() + 2;
        int multiple = 1 << (config.encoderStages() - 1);
        int length = (needed + multiple - 1) / multiple * multiple;
        return length <= config.maxLength() ? config : config.withOverrides(Map.of("maxLength", length));
    }
}
