package tvae.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tvae.tokenize.Tokenizer;

/** A corpus cut into disjoint train / valid / test item lists. */
public record SplitCorpus(List<CorpusItem> train, List<CorpusItem> valid, List<CorpusItem> test) {
    public SplitCorpus {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
    }

    public List<CorpusItem> items(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALID -> valid;
            case TEST -> test;
        };
    }

    public List<String> texts(Split split) {
        return items(split).stream().map(CorpusItem::text).toList();
    }

    public Map<Split, Integer> sizes() {
        Map<Split, Integer> sizes = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            sizes.put(split, items(split).size());
        }
        return sizes;
    }

    public SplitCorpus filter(Predicate<CorpusItem> keep) {
        return new SplitCorpus(train.stream().filter(keep).toList(), valid.stream().filter(keep).toList(),
                test.stream().filter(keep).toList());
    }

    /** The length cap in tokens: keeps items whose encoding, plus BOS and EOS, fits in {@code maxSequenceLength}. */
    public SplitCorpus withinTokens(Tokenizer tokenizer, int maxSequenceLength) {
        return filter(item -> tokenizer.encode(item.text()).length + 2 <= maxSequenceLength);
    }

    /** At most {@code n} training items, the first ones; valid and test stay whole so evaluations stay comparable. */
    public SplitCorpus limitTrain(int n) {
        return new SplitCorpus(train.subList(0, Math.min(n, train.size())), valid, test);
    }

    /** At most {@code n} items per split, the first ones (splits are in a stable order). */
    public SplitCorpus limit(int n) {
        return new SplitCorpus(train.subList(0, Math.min(n, train.size())), valid.subList(0, Math.min(n, valid.size())),
                test.subList(0, Math.min(n, test.size())));
    }
}
