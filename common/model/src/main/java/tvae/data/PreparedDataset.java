package tvae.data;

import tvae.events.DatasetKind;
import tvae.tokenize.Tokenizer;

/**
 * A dataset ready to train on: its split items and the tokenizer for them. {@code kind} is what the data is
 * ({@code python-lines}, {@code probe-texts} or {@code mnist}), also for a {@code path} spec; {@code source} says in a
 * line where it came from. The tokenizer is shared by every caller that prepared the same data: do not close it.
 */
public record PreparedDataset(DatasetKind kind, SplitCorpus corpus, Tokenizer tokenizer, String source) {

    /** The same data with at most {@code maxItems} training items (valid and test stay whole). */
    public PreparedDataset limitTrain(int maxItems) {
        return new PreparedDataset(kind, corpus.limitTrain(maxItems), tokenizer, source);
    }
}
