package tvae.tokenize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * A batch of texts as the model sees them, padded to {@code maxLength}: the encoder reads the tokens then EOS, the
 * decoder reads BOS then the tokens and must predict the tokens then EOS. Longer texts are cut to fit.
 *
 * @param encoderIds    (B, T) int64
 * @param keep          (B, T) float, 1 for real encoder tokens, 0 for padding
 * @param decoderInputs (B, T) int64
 * @param targets       (B, T) int64, padding where nothing is to be predicted
 * @param targetMask    (B, T) float, 1 where a target counts
 * @param tokens        number of target tokens (non-padding)
 */
public record TokenBatch(NDArray encoderIds, NDArray keep, NDArray decoderInputs, NDArray targets, NDArray targetMask,
                         long tokens) {

    public static TokenBatch of(List<String> texts, Tokenizer tokenizer, int maxLength, NDManager manager) {
        return ofIds(texts.stream().map(tokenizer::encode).toList(), tokenizer, maxLength, manager);
    }

    public static TokenBatch ofIds(List<int[]> encoded, Tokenizer tokenizer, int maxLength, NDManager manager) {
        int b = encoded.size();
        long[] encoder = new long[b * maxLength];
        float[] keep = new float[b * maxLength];
        long[] decoderIn = new long[b * maxLength];
        long[] targets = new long[b * maxLength];
        float[] targetMask = new float[b * maxLength];
        java.util.Arrays.fill(encoder, tokenizer.padId());
        java.util.Arrays.fill(decoderIn, tokenizer.padId());
        java.util.Arrays.fill(targets, tokenizer.padId());
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            int[] ids = content(encoded.get(i), maxLength);
            int row = i * maxLength;
            decoderIn[row] = tokenizer.bosId();
            for (int t = 0; t < ids.length; t++) {
                encoder[row + t] = ids[t];
                decoderIn[row + t + 1] = ids[t];
                targets[row + t] = ids[t];
            }
            encoder[row + ids.length] = tokenizer.eosId();
            targets[row + ids.length] = tokenizer.eosId();
            for (int t = 0; t <= ids.length; t++) {
                keep[row + t] = 1;
                targetMask[row + t] = 1;
            }
            tokens += ids.length + 1;
        }
        Shape shape = new Shape(b, maxLength);
        return new TokenBatch(manager.create(encoder, shape), manager.create(keep, shape), manager.create(decoderIn, shape),
                manager.create(targets, shape), manager.create(targetMask, shape), tokens);
    }

    /**
     * This batch with each decoder input but BOS replaced by {@code padId} with probability {@code rate} (word dropout,
     * Bowman et al. 2016): the decoder reads padding where a token was and must take it from the codes instead. The
     * encoder ids, targets and masks are this batch's; padding never masks a decoder query or key, so a dropped input
     * is a token like any other, one that says nothing. The result's arrays live in {@code manager}.
     */
    public TokenBatch withDecoderInputsDropped(double rate, Random random, int padId, NDManager manager) {
        long[] inputs = decoderInputs.toLongArray();
        long length = decoderInputs.getShape().get(1);
        for (int i = 0; i < inputs.length; i++) {
            if (i % length != 0 && random.nextDouble() < rate) {
                inputs[i] = padId;
            }
        }
        return new TokenBatch(encoderIds, keep, manager.create(inputs, decoderInputs.getShape()), targets, targetMask, tokens);
    }

    /**
     * This batch with each encoder token but EOS deleted with probability {@code rate} (the denoising autoencoder of
     * Shen et al. 2020): the survivors move up, EOS follows them, padding fills the rest, and the decoder must still
     * rebuild the whole item. An item that would lose every token keeps them all. The decoder's arrays are this
     * batch's; the result's new arrays live in {@code manager}.
     */
    public TokenBatch withEncoderTokensDeleted(double rate, Random random, int padId, NDManager manager) {
        long[] ids = encoderIds.toLongArray();
        float[] kept = keep.toFloatArray();
        int length = (int) encoderIds.getShape().get(1);
        long[] outIds = new long[ids.length];
        float[] outKeep = new float[kept.length];
        java.util.Arrays.fill(outIds, padId);
        for (int row = 0; row < ids.length; row += length) {
            int content = -1;                          // the real tokens before EOS
            for (int t = 0; t < length; t++) {
                content += kept[row + t] > 0 ? 1 : 0;
            }
            int survivors = 0;
            for (int t = 0; t < content; t++) {
                if (random.nextDouble() >= rate) {
                    outIds[row + survivors++] = ids[row + t];
                }
            }
            if (survivors == 0) {
                System.arraycopy(ids, row, outIds, row, content);
                survivors = content;
            }
            outIds[row + survivors] = ids[row + content];                         // EOS
            java.util.Arrays.fill(outKeep, row, row + survivors + 1, 1f);
        }
        return new TokenBatch(manager.create(outIds, encoderIds.getShape()), manager.create(outKeep, keep.getShape()),
                decoderInputs, targets, targetMask, tokens);
    }

    /** The content ids that fit: one slot is kept for EOS (encoder/targets) and BOS (decoder input). */
    public static int[] content(int[] ids, int maxLength) {
        return ids.length <= maxLength - 1 ? ids : java.util.Arrays.copyOf(ids, maxLength - 1);
    }

    public int size() {
        return (int) encoderIds.getShape().get(0);
    }
}
