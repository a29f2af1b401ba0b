package tvae.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tvae.model.DecoderCache;
import tvae.model.TransformerVae;
import tvae.syntax.SyntaxFilter;
import tvae.syntax.Verdict;
import tvae.tokenize.Tokenizer;

/**
 * Syntax-guided decoding of Python lines: beam search (width k) under a token-level constraint
 * ({@link PythonLineState}: no closing bracket that is not open, no end inside a string or with a bracket open). With a
 * judge, CPython also prunes the beam at every step (one batch for all sequences): a candidate whose beginning no
 * continuation can save ({@link DeadPrefixes}) or that ends in a line that does not parse gives its place to the next,
 * so the beam's width is spent on lines that can still be valid. At the end every sequence's finished candidates are
 * judged and the most likely valid one wins (the most likely of all when none is valid). A candidate still open at the
 * length limit gets its open string and brackets closed ({@link PythonLineState#closingText}), so no line comes out
 * unbalanced. With width 1 and no judge it is greedy
 * decoding under the constraint.
 *
 * <p>With the KV cache each step feeds only every live candidate's newest token, after the cache's rows are put in
 * the order of the candidates (a candidate takes its parent's row, so two children of one parent share its past);
 * without it each step re-runs the decoder over every candidate's whole prefix (kept for the benchmark and to check
 * the cache against). {@code docs/benchmarks.md} measures both against greedy.
 */
public final class GuidedDecoder {
    private final TransformerVae model;
    private final ParameterStore ps;
    private final Tokenizer tokenizer;
    private final String[] tokenText;

    public GuidedDecoder(TransformerVae model, ParameterStore ps, Tokenizer tokenizer) {
        if (model.config().parallelDecoding()) {
            throw new IllegalArgumentException("strategy 'guided' extends a line token by token, and this checkpoint "
                    + "decodes every position at once (decoding = parallel): use 'greedy' or 'sampling'");
        }
        this.model = model;
        this.ps = ps;
        this.tokenizer = tokenizer;
        tokenText = new String[tokenizer.vocabSize()];
        for (int id = 0; id < tokenText.length; id++) {
            tokenText[id] = id == tokenizer.padId() || id == tokenizer.bosId() || id == tokenizer.eosId() ? ""
                    : tokenizer.decode(new int[] {id});
        }
    }

    /**
     * One candidate line: its ids, its text, summed log-probability, lexical state, whether it ended with EOS, and its
     * row in the KV cache (the row of the step that chose its last token; before the first step, its sequence's). The
     * state is read from the whole text each time, so a quote or bracket split across tokens reads as it would in
     * the finished line.
     */
    private record Hypothesis(int[] ids, String text, double score, PythonLineState state, boolean finished, int row) {
        Hypothesis extend(int id, String tokenText, double logProbability, PythonLineState next, int parentRow) {
            int[] longer = java.util.Arrays.copyOf(ids, ids.length + 1);
            longer[ids.length] = id;
            return new Hypothesis(longer, text + tokenText, score + logProbability, next, false, parentRow);
        }

        Hypothesis end(double logProbability) {
            return new Hypothesis(ids, text, score + logProbability, state, true, row);
        }
    }

    /**
     * latents (B, L, d_latent) -> per sequence the content ids of the chosen line.
     * @param judge CPython (or any syntax filter) to prune the beam and pick among finished candidates; null: the
     *              constraint alone, the most likely candidate wins
     */
    public List<int[]> decode(NDArray latents, int maxTokens, int beamWidth, SyntaxFilter judge) {
        return decode(latents, maxTokens, beamWidth, judge, true);
    }

    /** As {@link #decode(NDArray, int, int, SyntaxFilter)}; {@code useCache=false} recomputes every prefix at every step. */
    public List<int[]> decode(NDArray latents, int maxTokens, int beamWidth, SyntaxFilter judge, boolean useCache) {
        try (Steps steps = useCache ? new CachedSteps(latents) : new RecomputedSteps(latents)) {
            return decode(steps, (int) latents.getShape().get(0), maxTokens, beamWidth, judge);
        }
    }

    private List<int[]> decode(Steps steps, int batch, int maxTokens, int beamWidth, SyntaxFilter judge) {
        List<List<Hypothesis>> live = new ArrayList<>();
        List<List<Hypothesis>> done = new ArrayList<>();
        List<List<Hypothesis>> rejected = new ArrayList<>();      // finished, but CPython does not parse them
        for (int b = 0; b < batch; b++) {
            live.add(new ArrayList<>(List.of(new Hypothesis(new int[0], "", 0, PythonLineState.START, false, b))));
            done.add(new ArrayList<>());
            rejected.add(new ArrayList<>());
        }
        for (int t = 0; t < maxTokens && live.stream().anyMatch(l -> !l.isEmpty()); t++) {
            List<Integer> sequences = new ArrayList<>();   // per row of this step: its sequence
            List<Hypothesis> rows = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                for (Hypothesis hypothesis : live.get(b)) {
                    sequences.add(b);
                    rows.add(hypothesis);
                }
            }
            float[] logProbabilities = steps.next(rows, sequences, t);
            List<List<Hypothesis>> candidates = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                List<Hypothesis> expanded = new ArrayList<>();
                for (int r = 0; r < rows.size(); r++) {
                    if (sequences.get(r) == b) {
                        expanded.addAll(expansions(rows.get(r), logProbabilities, r, beamWidth));
                    }
                }
                expanded.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
                candidates.add(expanded);
            }
            if (judge != null) {
                candidates = withoutDeadEnds(candidates, beamWidth, judge, rejected);
            }
            for (int b = 0; b < batch; b++) {
                List<Hypothesis> next = new ArrayList<>();
                for (Hypothesis candidate : candidates.get(b)) {
                    if (next.size() + done.get(b).size() >= beamWidth) {
                        break;
                    }
                    (candidate.finished() ? done.get(b) : next).add(candidate);
                }
                live.set(b, done.get(b).size() >= beamWidth ? new ArrayList<>() : next);
            }
        }
        for (int b = 0; b < batch; b++) {
            // Out of steps: unfinished candidates still compete, ranked by score, with what they left open closed; so
            // do the finished lines CPython rejected, in case nothing better came of this sequence.
            for (Hypothesis unfinished : live.get(b)) {
                done.get(b).add(closed(unfinished));
            }
            done.get(b).addAll(rejected.get(b));
            done.get(b).sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        }
        return choose(done, judge);
    }

    /**
     * Each sequence's ranked candidates without those CPython condemns, judged in one batch for all sequences: a
     * finished line that does not parse (kept aside in {@code rejected}) and a beginning no continuation can save
     * ({@link DeadPrefixes}). Only the {@code 2 × beamWidth} best of a sequence are judged, the ones the beam can take.
     * Where every judged candidate of a sequence is condemned, its candidates stay as they were: the beam goes on as
     * the constraint alone would take it.
     */
    private static List<List<Hypothesis>> withoutDeadEnds(List<List<Hypothesis>> candidates, int beamWidth, SyntaxFilter judge,
                                                          List<List<Hypothesis>> rejected) {
        int judged = 2 * beamWidth;
        List<String> texts = new ArrayList<>();
        for (List<Hypothesis> ranked : candidates) {
            for (Hypothesis candidate : ranked.subList(0, Math.min(judged, ranked.size()))) {
                texts.add(candidate.text() + (candidate.finished() ? "" : candidate.state().closingText()));
            }
        }
        List<Verdict> verdicts;
        try {
            verdicts = judge.checkAll(texts);
        } catch (IOException e) {
            throw new UncheckedIOException("the syntax judge failed while pruning the beam", e);
        }
        List<List<Hypothesis>> kept = new ArrayList<>();
        int offset = 0;
        for (int b = 0; b < candidates.size(); b++) {
            List<Hypothesis> ranked = candidates.get(b);
            int checked = Math.min(judged, ranked.size());
            List<Hypothesis> survivors = new ArrayList<>();
            List<Hypothesis> refused = new ArrayList<>();
            for (int i = 0; i < checked; i++) {
                Hypothesis candidate = ranked.get(i);
                Verdict verdict = verdicts.get(offset + i);
                boolean condemned = candidate.finished() ? verdict.status() == Verdict.Status.INVALID
                        : DeadPrefixes.isDead(candidate.text(), verdict);
                (condemned ? refused : survivors).add(candidate);
            }
            survivors.addAll(ranked.subList(checked, ranked.size()));
            if (survivors.isEmpty()) {
                kept.add(ranked);
            } else {
                refused.stream().filter(Hypothesis::finished).forEach(rejected.get(b)::add);
                kept.add(survivors);
            }
            offset += checked;
        }
        return kept;
    }

    /** An unfinished candidate with the tokens of its closing text appended (its score unchanged). */
    private Hypothesis closed(Hypothesis unfinished) {
        String closingText = unfinished.state().closingText();
        int[] closing = tokenizer.encode(closingText);
        int[] ids = java.util.Arrays.copyOf(unfinished.ids(), unfinished.ids().length + closing.length);
        System.arraycopy(closing, 0, ids, unfinished.ids().length, closing.length);
        String text = unfinished.text() + closingText;
        return new Hypothesis(ids, text, unfinished.score(), PythonLineState.START.after(text), true, unfinished.row());
    }

    /**
     * How a step gets the next token's log-probabilities for every live candidate, (rows, V) row-major. Each step has
     * its own scope, which frees its activations at once instead of when the call ends.
     */
    private interface Steps extends AutoCloseable {
        /** {@code sequences}: per row, the sequence it decodes */
        float[] next(List<Hypothesis> rows, List<Integer> sequences, int t);

        @Override
        void close();
    }

    /** The newest token of every candidate, read against the KV cache put in the candidates' order. */
    private final class CachedSteps implements Steps {
        private final NDManager manager;
        private final NDArray memory;
        private final DecoderCache cache = model.newCache();

        CachedSteps(NDArray latents) {
            manager = latents.getManager();
            memory = model.memory(ps, latents);
        }

        @Override
        public float[] next(List<Hypothesis> rows, List<Integer> sequences, int t) {
            long[] parents = new long[rows.size()];
            long[] newest = new long[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                int[] ids = rows.get(r).ids();
                parents[r] = rows.get(r).row();
                newest[r] = ids.length == 0 ? tokenizer.bosId() : ids[ids.length - 1];
            }
            try (NDScope step = new NDScope()) {
                NDArray parentRows = manager.create(parents);
                cache.keepRows(parentRows);
                // The memory is read only on the first step, whose rows are the sequences in order: there the cache takes
                // its cross-attention keys and values from it, and keepRows reorders them from then on.
                NDArray logits = model.stepLogits(ps, manager.create(newest, new Shape(rows.size(), 1)), cache, memory);
                float[] logProbabilities = logits.squeeze(1).logSoftmax(-1).toFloatArray();
                cache.outliveScope();
                return logProbabilities;
            }
        }

        @Override
        public void close() {
            cache.close();
        }
    }

    /** The whole prefix of every candidate, through the decoder again at every step. */
    private final class RecomputedSteps implements Steps {
        private final NDManager manager;
        private final long[] latentShape;
        private final int latentSize;
        private final float[] latentValues;

        RecomputedSteps(NDArray latents) {
            manager = latents.getManager();
            latentShape = latents.getShape().getShape();
            latentSize = (int) (latentShape[1] * latentShape[2]);
            latentValues = latents.toFloatArray();
        }

        @Override
        public float[] next(List<Hypothesis> rows, List<Integer> sequences, int t) {
            float[] rowLatents = new float[rows.size() * latentSize];
            long[] prefixes = new long[rows.size() * (t + 1)];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(latentValues, sequences.get(r) * latentSize, rowLatents, r * latentSize, latentSize);
                int[] ids = rows.get(r).ids();
                prefixes[r * (t + 1)] = tokenizer.bosId();
                for (int i = 0; i < ids.length; i++) {
                    prefixes[r * (t + 1) + 1 + i] = ids[i];
                }
            }
            try (NDScope step = new NDScope()) {
                NDArray codes = manager.create(rowLatents, new Shape(rows.size(), latentShape[1], latentShape[2]));
                NDArray ids = manager.create(prefixes, new Shape(rows.size(), t + 1));
                NDArray logits = model.decodeLogits(ps, codes, ids).get(":, " + t + ", :");
                return logits.logSoftmax(-1).toFloatArray();
            }
        }

        @Override
        public void close() {
        }
    }

    /** The parent's best {@code width} continuations the constraint admits (EOS only where the line may end). */
    private List<Hypothesis> expansions(Hypothesis parent, float[] logProbabilities, int row, int width) {
        int vocab = tokenText.length;
        int offset = row * vocab;
        boolean[] tried = new boolean[vocab];
        List<Hypothesis> admitted = new ArrayList<>();
        for (int attempt = 0; attempt < vocab && admitted.size() < width; attempt++) {
            int best = -1;
            for (int v = 0; v < vocab; v++) {
                if (!tried[v] && (best < 0 || logProbabilities[offset + v] > logProbabilities[offset + best])) {
                    best = v;
                }
            }
            tried[best] = true;
            double logProbability = logProbabilities[offset + best];
            if (best == tokenizer.eosId()) {
                if (parent.state().canEnd()) {
                    admitted.add(parent.end(logProbability));
                }
            } else if (best != tokenizer.padId() && best != tokenizer.bosId()) {
                PythonLineState next = PythonLineState.START.after(parent.text() + tokenText[best]);
                if (next != null) {
                    admitted.add(parent.extend(best, tokenText[best], logProbability, next, row));
                }
            }
        }
        return admitted;
    }

    private List<int[]> choose(List<List<Hypothesis>> candidates, SyntaxFilter judge) {
        List<int[]> chosen = new ArrayList<>();
        boolean[] valid = null;
        if (judge != null) {
            List<String> texts = candidates.stream().flatMap(List::stream).map(h -> tokenizer.decode(h.ids())).toList();
            try {
                valid = judge.accepts(texts);
            } catch (IOException e) {
                throw new UncheckedIOException("the syntax judge failed while choosing among decoded candidates", e);
            }
        }
        int offset = 0;
        for (List<Hypothesis> ranked : candidates) {
            int pick = 0;
            if (valid != null) {
                for (int i = 0; i < ranked.size(); i++) {
                    if (valid[offset + i]) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen.add(ranked.isEmpty() ? new int[0] : ranked.get(pick).ids());
            offset += ranked.size();
        }
        return chosen;
    }
}
