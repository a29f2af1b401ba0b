package tvae.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tvae.transfer.Sha256;

/**
 * Assigns an item to a split by the sha256 of its text alone: the same text lands in the same split on every machine
 * and in every run, whatever else the corpus holds, so adding files never moves a test line into training.
 */
public record HashSplit(double validFraction, double testFraction) {
    public static final HashSplit DEFAULT = new HashSplit(0.05, 0.05);

    public HashSplit {
        if (validFraction < 0 || testFraction < 0 || validFraction + testFraction >= 1) {
            throw new IllegalArgumentException("valid and test fractions must be >= 0 and leave room for training, were "
                    + validFraction + " and " + testFraction);
        }
    }

    public Split assign(String text) {
        double position = unitInterval(text);
        if (position < testFraction) {
            return Split.TEST;
        }
        return position < testFraction + validFraction ? Split.VALID : Split.TRAIN;
    }

    /** Drops repeated texts (the first one wins) and splits the rest, keeping the input order inside each split. */
    public SplitCorpus split(List<CorpusItem> items) {
        List<CorpusItem> train = new ArrayList<>();
        List<CorpusItem> valid = new ArrayList<>();
        List<CorpusItem> test = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CorpusItem item : items) {
            if (!seen.add(item.text())) {
                continue;
            }
            switch (assign(item.text())) {
                case TRAIN -> train.add(item);
                case VALID -> valid.add(item);
                case TEST -> test.add(item);
            }
        }
        return new SplitCorpus(train, valid, test);
    }

    /**
     * Splits labelled items so that every label gets its share of valid and test items (a rare class is not left out of
     * the test split by chance): within each label the items are ranked by their text's hash, the lowest ranks go to
     * test, the next to valid. Repeated texts are dropped (the first wins); each split lists its items in hash order,
     * a fixed shuffle that mixes the labels, so the first n of a split are a fair sample.
     */
    public SplitCorpus splitByLabel(List<CorpusItem> items) {
        Map<String, List<Ranked>> byLabel = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (CorpusItem item : items) {
            if (seen.add(item.text())) {
                byLabel.computeIfAbsent(item.label(), label -> new ArrayList<>()).add(new Ranked(item, unitInterval(item.text())));
            }
        }
        Map<Split, List<Ranked>> splits = new HashMap<>();
        for (List<Ranked> group : byLabel.values()) {
            group.sort(Ranked.ORDER);
            int test = (int) Math.round(group.size() * testFraction);
            int valid = (int) Math.round(group.size() * validFraction);
            for (int rank = 0; rank < group.size(); rank++) {
                Split split = rank < test ? Split.TEST : rank < test + valid ? Split.VALID : Split.TRAIN;
                splits.computeIfAbsent(split, s -> new ArrayList<>()).add(group.get(rank));
            }
        }
        return new SplitCorpus(inOrder(splits.get(Split.TRAIN)), inOrder(splits.get(Split.VALID)), inOrder(splits.get(Split.TEST)));
    }

    private static List<CorpusItem> inOrder(List<Ranked> ranked) {
        return ranked == null ? List.of() : ranked.stream().sorted(Ranked.ORDER).map(Ranked::item).toList();
    }

    /** {@code items} in the order of their texts' hashes: a shuffle that is the same on every machine. */
    public static List<CorpusItem> inHashOrder(List<CorpusItem> items) {
        return inOrder(items.stream().map(item -> new Ranked(item, unitInterval(item.text()))).toList());
    }

    /** Every split of {@code corpus} in hash order, so the first n items of a split are a fair sample of it. */
    public static SplitCorpus inHashOrder(SplitCorpus corpus) {
        return new SplitCorpus(inHashOrder(corpus.train()), inHashOrder(corpus.valid()), inHashOrder(corpus.test()));
    }

    /** An item with its hash position; ties (equal 53-bit prefixes) fall back to the text so the order is total. */
    private record Ranked(CorpusItem item, double position) {
        static final Comparator<Ranked> ORDER = Comparator.comparingDouble(Ranked::position)
                .thenComparing(r -> r.item().text());
    }

    /** The first 53 bits of sha256(text) as a number in [0, 1). */
    private static double unitInterval(String text) {
        byte[] hash = Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8));
        return (ByteBuffer.wrap(hash).getLong() >>> 11) * 0x1.0p-53;
    }
}
