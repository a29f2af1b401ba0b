package tvae.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.data.CorpusItem;
import tvae.decode.LatentEdits;
import tvae.events.DatasetKind;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.events.SampleEdit;

/**
 * The semantic-edit experiment of the evaluation suite: do directions learnt between two labels move an input to the
 * other label, better than chance? For every ordered pair (from, to) of the {@link #LABELS} most frequent labels of the
 * probe set, the direction mean(to) − mean(from) is learnt on the even-numbered items, and up to {@code perPair} of the
 * odd-numbered items labelled {@code from} (never seen by the direction) are moved by it at a strength
 * ({@link #STRENGTH} unless told), and once more by a random direction of the same length. Only the decoded outputs are judged (by the evaluator), never
 * the moved codes, which reach the target mean by construction. The evaluation suite (inference-service) and
 * {@code tvae score} lay out their edits here, so their numbers compare.
 */
public final class EditPlan {
    /** Labels taken, most frequent first: 3 give 6 ordered pairs, enough to see a pattern at a bounded cost. */
    public static final int LABELS = 3;
    /**
     * At strength 1 the direction takes the mean code of one label exactly to the mean code of the other; past it more
     * edits land on the target, because a held-out input starts further from the target than its label's mean. Chosen
     * on one python-lines compact checkpoint (step 1 889, 120 learnt edits per cell, guided with a beam of 16): 44 %
     * reached the target at strength 1.25, 47 % at 1.5, 51 % at 2 (docs/edits.md).
     */
    public static final double STRENGTH = 2.0;
    /** Inputs moved per ordered pair: 6 pairs × 32 × 2 directions = 384 decoded edits per decoding. */
    public static final int EDITS_PER_PAIR = 32;
    /**
     * The beam of guided edits: on a python-lines compact checkpoint at strength 1.5, 37 % of learnt edits reached their
     * target with a beam of 4, 41 % with 8, 47 % with 16 (docs/edits.md).
     */
    public static final int GUIDED_BEAM_WIDTH = 16;
    /** Fixed, so an evaluation suite run again draws the same random directions. */
    private static final long RANDOM_SEED = 17;

    /** One input to decode: {@code key} is unique within the checkpoint and the same on every run of the suite. */
    public record Edit(String key, String input, SampleEdit edit, float[][] point) {
    }

    private EditPlan() {
    }

    /**
     * Whether the evaluator has an independent judge of this dataset's labels: CPython's statement kind for Python
     * lines, the digit judge for digits; nothing judges the topic of a probe text.
     */
    public static boolean judged(DatasetKind kind) {
        return kind == DatasetKind.PYTHON_LINES || kind == DatasetKind.MNIST;
    }

    /**
     * How every edit is decoded, each counted apart: greedy (the raw latent space) always, and syntax-guided for
     * Python lines, where the edit's head often arrives glued to the rest ({@code returnx}) and CPython's pick among the
     * beam repairs some of it.
     */
    public static List<DecodingStrategy> decodings(DatasetKind kind) {
        return kind == DatasetKind.PYTHON_LINES ? List.of(DecodingStrategy.GREEDY, DecodingStrategy.GUIDED)
                : List.of(DecodingStrategy.GREEDY);
    }

    /** How the edits are decoded in one of {@link #decodings}: guided ones with a beam of {@code beamWidth}. */
    public static DecodingOptions options(DecodingStrategy decoding, int beamWidth) {
        return new DecodingOptions(decoding, null, null, null, null, decoding == DecodingStrategy.GUIDED ? beamWidth : null);
    }

    /** The edits for {@code labelled} items whose latent codes are {@code codes} (same order), learnt and random. */
    public static List<Edit> of(List<CorpusItem> labelled, float[][][] codes, int perPair) {
        return of(labelled, codes, perPair, STRENGTH);
    }

    /**
     * As {@link #of(List, float[][][], int)} at another strength: the same inputs and directions (the random ones drawn
     * from the same seed), each moved {@code strength} times its direction, so strengths compare edit for edit.
     */
    public static List<Edit> of(List<CorpusItem> labelled, float[][][] codes, int perPair, double strength) {
        if (labelled.size() != codes.length) {
            throw new IllegalArgumentException("one latent code per item");
        }
        Map<String, List<float[][]>> fit = new LinkedHashMap<>();
        Map<String, List<Integer>> held = new LinkedHashMap<>();
        for (int i = 0; i < labelled.size(); i++) {
            String label = labelled.get(i).label();
            if (i % 2 == 0) {
                fit.computeIfAbsent(label, l -> new ArrayList<>()).add(codes[i]);
            } else {
                held.computeIfAbsent(label, l -> new ArrayList<>()).add(i);
            }
        }
        List<String> labels = fit.keySet().stream().filter(held::containsKey)
                .sorted(Comparator.comparingInt((String label) -> -fit.get(label).size()).thenComparing(label -> label))
                .limit(LABELS).toList();
        Random random = new Random(RANDOM_SEED);
        List<Edit> edits = new ArrayList<>();
        for (String from : labels) {
            for (String to : labels) {
                if (from.equals(to)) {
                    continue;
                }
                float[][] learnt = LatentEdits.direction(fit.get(from), fit.get(to));
                double length = LatentEdits.norm(learnt);
                List<Integer> inputs = held.get(from).subList(0, Math.min(perPair, held.get(from).size()));
                for (int n = 0; n < inputs.size(); n++) {
                    int item = inputs.get(n);
                    String key = from + "-to-" + to + "/" + n + "/" + strength;
                    String text = labelled.get(item).text();
                    edits.add(new Edit(key + "/learned", text, new SampleEdit(from, to, EditDirection.LEARNED, strength),
                            LatentEdits.moved(codes[item], learnt, strength)));
                    edits.add(new Edit(key + "/random", text, new SampleEdit(from, to, EditDirection.RANDOM, strength),
                            LatentEdits.moved(codes[item], LatentEdits.randomDirection(learnt, length, random), strength)));
                }
            }
        }
        return edits;
    }
}
