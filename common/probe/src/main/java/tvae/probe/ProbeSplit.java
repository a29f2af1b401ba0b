package tvae.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Which probe items train and which test. Every method compared on one split sees exactly the same items. */
public record ProbeSplit(String name, List<Integer> train, List<Integer> test) {
    public static final String STRATIFIED = "stratified";
    public static final String SEED_FIRST_30_PERCENT = "seed-first-30%-test";
    private static final long SHUFFLE_SEED = 20_240_601L;

    public ProbeSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * A fixed stratified split: within each label (taken in sorted order) the items are shuffled with a fixed seed and
     * {@code testShare} of them, at least one and never all, are held out; a label with a single item only trains.
     */
    public static ProbeSplit stratified(List<String> labels, double testShare) {
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byLabel.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(i);
        }
        Random random = new Random(SHUFFLE_SEED);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> items : byLabel.values()) {
            Collections.shuffle(items, random);
            int held = items.size() < 2 ? 0 : Math.min(items.size() - 1, Math.max(1, (int) Math.round(items.size() * testShare)));
            test.addAll(items.subList(0, held));
            train.addAll(items.subList(held, items.size()));
        }
        Collections.sort(train);
        Collections.sort(test);
        return new ProbeSplit(STRATIFIED, train, test);
    }

    /** The seed's measurement: the first 30 % of the items, in the order they came, are the test set. */
    public static ProbeSplit seedFirst30Percent(int size) {
        int held = (int) Math.round(size * 0.3);
        List<Integer> test = new ArrayList<>();
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            (i < held ? test : train).add(i);
        }
        return new ProbeSplit(SEED_FIRST_30_PERCENT, train, test);
    }
}
