package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.decode.GuidedDecoder;
import tvae.engine.Autograd;
import tvae.model.TransformerVae;
import tvae.syntax.PythonSyntaxChecker;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;

/**
 * Teaches greedy decoding what syntax-guided decoding finds between two codes (expert iteration, CPython the expert):
 * the batch's first {@value #ROWS} codes are each mixed with their partner at a ratio in [0.1, 0.9], the inner ratios
 * the seed score judges; beam search under the constraint, pruned and judged by CPython ({@link GuidedDecoder}, no
 * gradient), decodes every mix; and each line CPython accepts whose length (in tokens) lies between the lengths of its
 * two ends becomes the teacher-forced target of its mix. The gradient reaches the decoder and, through the mix, the
 * encoder. Where the plain VAE's path between two lines runs through codes that decode to broken lines, this loss
 * moves the decoder to valid ones there.
 *
 * <p>The length guard is what keeps it from feeding on itself: without it the shortest valid line the beam finds
 * ({@code self}) became the target of every mix, then the greedy line of every mix and of the ends too (session 21:
 * 97 % valid inner points, 2.1 distinct lines a path, exact reconstruction 80 → 46 %).
 *
 * <p>It costs a guided decoding of {@value #ROWS} mixes per step; CPython runs in a worker process this loss starts
 * on its first step and stops on {@link #close}.
 */
final class GuidedMixLoss implements ResearchLoss {
    /** 32 rather than 8: +2.4 points raw valid for the same 600 steps, at 1.4 s a step against 1.0 (session 22). */
    static final int ROWS = 32;
    static final int BEAM_WIDTH = 4;
    private static final double LOWEST_RATIO = 0.1;
    private static final double HIGHEST_RATIO = 0.9;

    private final double weight;
    private final long start;
    private final Tokenizer tokenizer;
    private final int maxLength;
    private PythonSyntaxChecker cpython;
    /** Built once per model: its constructor reads the text of every token of the vocabulary. */
    private GuidedDecoder decoder;
    private TransformerVae decoderModel;
    private ParameterStore decoderParameters;

    /** @param start how many steps the run trains before this loss comes on */
    GuidedMixLoss(double weight, long start, Tokenizer tokenizer, int maxLength) {
        this.weight = weight;
        this.start = start;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    @Override
    public boolean isOnAfter(long stepsDone) {
        return stepsDone >= start;
    }

    @Override
    public Result backward(ScaledBackward backward, TransformerVae model, ParameterStore ps, TokenBatch batch,
                           NDArray latents, Random random) {
        int rows = Math.min(ROWS, batch.size());
        NDArray mixes = LatentPairs.mix(latents, LatentPairs.ratios(random, batch.size(), LOWEST_RATIO, HIGHEST_RATIO))
                .get("0:" + rows);
        List<int[]> found;
        boolean[] valid;
        try (Autograd.Restore off = Autograd.noGrad()) {
            found = decoder(model, ps).decode(mixes.stopGradient(), maxLength - 1, BEAM_WIDTH, cpython());
            valid = cpython().accepts(found.stream().map(tokenizer::decode).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("CPython failed while judging the mixes' lines", e);
        }
        float[] endLengths = batch.targetMask().sum(new int[] {1}).toFloatArray();     // content tokens + EOS
        List<NDArray> kept = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int oneEnd = (int) endLengths[i] - 1;
            int otherEnd = (int) endLengths[(i + 1) % batch.size()] - 1;
            if (valid[i] && between(found.get(i).length, oneEnd, otherEnd)) {
                kept.add(mixes.get(i + ":" + (i + 1)));
                targets.add(found.get(i));
            }
        }
        double keptShare = (double) targets.size() / rows;
        if (targets.isEmpty()) {
            return new Result(Map.of("guidedMix", 0.0, "guidedMixKept", 0.0), 0);     // nothing to learn this step
        }
        TokenBatch target = TokenBatch.ofIds(targets, tokenizer, maxLength, latents.getManager());
        NDArray loss = VaeLoss.reconstruction(model.decodeLogits(ps, NDArrays.concat(new NDList(kept)),
                target.decoderInputs()), target).loss();
        backward.loss(loss, weight);
        double value = loss.getFloat();
        return new Result(Map.of("guidedMix", value, "guidedMixKept", keptShare), weight * value);
    }

    /** The length guard: a line of a mix is at least as long as its shorter end and at most as long as its longer. */
    static boolean between(int length, int oneEnd, int otherEnd) {
        return length > 0 && length >= Math.min(oneEnd, otherEnd) && length <= Math.max(oneEnd, otherEnd);
    }

    private GuidedDecoder decoder(TransformerVae model, ParameterStore ps) {
        if (decoder == null || decoderModel != model || decoderParameters != ps) {
            decoder = new GuidedDecoder(model, ps, tokenizer);
            decoderModel = model;
            decoderParameters = ps;
        }
        return decoder;
    }

    private PythonSyntaxChecker cpython() throws IOException {
        if (cpython == null) {
            cpython = PythonSyntaxChecker.start();
        }
        return cpython;
    }

    @Override
    public void close() {
        if (cpython != null) {
            cpython.close();
            cpython = null;
        }
    }
}
