package tvae.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** The first 53 bits of sha256(text) as a number in [0, 1). */
    private static double unitInterval(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(hash).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
