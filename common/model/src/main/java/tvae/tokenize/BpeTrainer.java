package tvae.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns byte-level BPE merges from training texts: count the pieces, then repeatedly merge the most frequent
 * adjacent pair of symbols (ties broken by symbol ids, so training is deterministic). Pair counts are updated only
 * for the pieces a merge touches and the best pair comes from a lazily refreshed heap, so a few thousand merges
 * over the whole standard library take seconds.
 */
public final class BpeTrainer {
    private static final int BYTES = 256;

    private final int vocabSize;
    private final int minPairFrequency;

    /** {@code vocabSize} counts everything: 3 specials, 256 bytes and the merged tokens. */
    public BpeTrainer(int vocabSize, int minPairFrequency) {
        int smallest = TokenizerJson.SPECIALS.size() + BYTES;
        if (vocabSize < smallest) {
            throw new IllegalArgumentException("vocabSize must be at least " + smallest + " (specials + bytes), was " + vocabSize);
        }
        if (minPairFrequency < 1) {
            throw new IllegalArgumentException("minPairFrequency must be >= 1, was " + minPairFrequency);
        }
        this.vocabSize = vocabSize;
        this.minPairFrequency = minPairFrequency;
    }

    public BpeTrainer(int vocabSize) {
        this(vocabSize, 2);
    }

    public BpeTokenizer train(Iterable<String> texts) {
        // sorted so that symbol ids, and with them tie-breaks, do not depend on hash order
        TreeMap<String, Long> pieceCounts = new TreeMap<>();
        for (String text : texts) {
            for (String piece : PythonPreTokenizer.split(text)) {
                pieceCounts.merge(piece, 1L, Long::sum);
            }
        }
        Vocabulary vocabulary = new Vocabulary();
        Words words = new Words(pieceCounts);
        List<String[]> merges = new ArrayList<>();
        int budget = vocabSize - TokenizerJson.SPECIALS.size();
        while (vocabulary.size() < budget) {
            long[] best = words.mostFrequentPair();
            if (best == null || best[0] < minPairFrequency) {
                break;
            }
            int left = (int) (best[1] >>> 32);
            int right = (int) best[1];
            int merged = vocabulary.merge(left, right);
            merges.add(new String[] {vocabulary.token(left), vocabulary.token(right)});
            words.replace(best[1], merged);
        }
        return BpeTokenizer.fromMerges(vocabulary.tokens(), merges);
    }

    /** Token strings by symbol id: the 256 byte symbols, then one per new merged string. */
    private static final class Vocabulary {
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();

        Vocabulary() {
            for (int b = 0; b < BYTES; b++) {
                add(String.valueOf(ByteLevelAlphabet.symbol(b)));
            }
        }

        /** Two different merges can spell the same string ("ab"+"c", "a"+"bc"); they share one token, as in HuggingFace. */
        int merge(int left, int right) {
            String spelled = tokens.get(left) + tokens.get(right);
            Integer known = ids.get(spelled);
            return known != null ? known : add(spelled);
        }

        private int add(String token) {
            ids.put(token, tokens.size());
            tokens.add(token);
            return tokens.size() - 1;
        }

        String token(int id) {
            return tokens.get(id);
        }

        int size() {
            return tokens.size();
        }

        List<String> tokens() {
            return List.copyOf(tokens);
        }
    }

    /** Distinct pieces as symbol sequences with their counts, and the pair statistics over them. */
    private static final class Words {
        private final int[][] symbols;
        private final long[] counts;
        private final Map<Long, Long> pairCounts = new HashMap<>();
        private final Map<Long, IntList> pairWords = new HashMap<>();
        // heap entries {count, pair}; an entry whose count no longer matches pairCounts is stale and skipped
        private final PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) ->
                a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        private final int[] seenAtMerge;
        private int mergeNumber;

        Words(Map<String, Long> pieceCounts) {
            symbols = new int[pieceCounts.size()][];
            counts = new long[pieceCounts.size()];
            int w = 0;
            for (Map.Entry<String, Long> piece : pieceCounts.entrySet()) {
                byte[] utf8 = piece.getKey().getBytes(StandardCharsets.UTF_8);
                int[] word = new int[utf8.length];
                for (int i = 0; i < utf8.length; i++) {
                    word[i] = utf8[i] & 0xFF;
                }
                symbols[w] = word;
                counts[w] = piece.getValue();
                addPairs(w, +1, null);
                w++;
            }
            seenAtMerge = new int[symbols.length];
            pairCounts.forEach((pair, count) -> heap.add(new long[] {count, pair}));
        }

        /** {count, pair} of the most frequent pair, or null when no piece has two symbols left. */
        long[] mostFrequentPair() {
            while (!heap.isEmpty()) {
                long[] top = heap.poll();
                Long current = pairCounts.get(top[1]);
                if (current != null && current == top[0]) {
                    return top;
                }
            }
            return null;
        }

        /** Rewrites every piece that contains {@code pair} with the merged symbol and refreshes the counts it touched. */
        void replace(long pair, int merged) {
            int left = (int) (pair >>> 32);
            int right = (int) pair;
            mergeNumber++;
            Set<Long> touched = new HashSet<>();
            IntList candidates = pairWords.remove(pair);
            for (int i = 0; i < candidates.size; i++) {
                int w = candidates.items[i];
                if (seenAtMerge[w] == mergeNumber) {
                    continue;
                }
                seenAtMerge[w] = mergeNumber;
                int[] word = symbols[w];
                int[] rewritten = rewrite(word, left, right, merged);
                if (rewritten == word) {
                    continue;
                }
                addPairs(w, -1, touched);
                symbols[w] = rewritten;
                addPairs(w, +1, touched);
            }
            for (long changed : touched) {
                Long count = pairCounts.get(changed);
                if (count != null) {
                    heap.add(new long[] {count, changed});
                }
            }
        }

        private static int[] rewrite(int[] word, int left, int right, int merged) {
            int[] out = null;
            int n = 0;
            for (int i = 0; i < word.length; i++) {
                if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                    if (out == null) {
                        out = Arrays.copyOf(word, word.length);
                        n = i;
                    }
                    out[n++] = merged;
                    i++;
                } else if (out != null) {
                    out[n++] = word[i];
                }
            }
            return out == null ? word : Arrays.copyOf(out, n);
        }

        private void addPairs(int w, int sign, Set<Long> touched) {
            int[] word = symbols[w];
            for (int i = 0; i + 1 < word.length; i++) {
                long pair = ((long) word[i] << 32) | (word[i + 1] & 0xFFFFFFFFL);
                long count = pairCounts.getOrDefault(pair, 0L) + sign * counts[w];
                if (count == 0) {
                    pairCounts.remove(pair);
                } else {
                    pairCounts.put(pair, count);
                }
                if (sign > 0) {
                    pairWords.computeIfAbsent(pair, p -> new IntList()).add(w);
                }
                if (touched != null) {
                    touched.add(pair);
                }
            }
        }
    }

    /** Growable int array: pair -> pieces lists hold millions of entries, too many for boxed Integers. */
    private static final class IntList {
        int[] items = new int[4];
        int size;

        void add(int value) {
            if (size > 0 && items[size - 1] == value) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }
    }
}
