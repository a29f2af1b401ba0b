package tvae.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.model.DecoderCache;
import tvae.model.TransformerVae;
import tvae.tokenize.Tokenizer;

/**
 * Decoding of a batch of latent codes: greedy (argmax) or sampling (softmax at a temperature, seeded), each sequence
 * stopping at EOS. Autoregressive models decode token by token: with the KV cache every step feeds only the newest
 * token; without it every step re-runs the decoder over the whole prefix (kept for the benchmark and to check the cache
 * against). Parallel models ({@code decoding = parallel}) choose every position from one pass.
 */
public final class SequenceDecoder {
    private final TransformerVae model;
    private final ParameterStore ps;
    private final Tokenizer tokenizer;

    public SequenceDecoder(TransformerVae model, ParameterStore ps, Tokenizer tokenizer) {
        this.model = model;
        this.ps = ps;
        this.tokenizer = tokenizer;
    }

    /** latents (B, L, d_latent) -> per sequence the content ids before EOS, at most {@code maxTokens} of them */
    public List<int[]> decode(NDArray latents, int maxTokens, DecodingOptions options, boolean useCache) {
        NDManager manager = latents.getManager();
        int batch = (int) latents.getShape().get(0);
        Random random = options.strategy() == DecodingStrategy.SAMPLING ? new Random(options.seed() == null ? 0 : options.seed()) : null;
        double temperature = options.temperature() == null ? 1.0 : options.temperature();
        if (model.config().parallelDecoding()) {
            return decodeAtOnce(latents, Math.min(maxTokens, model.config().maxLength()), random, temperature);
        }
        NDArray memory = model.memory(ps, latents);
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            out.add(new ArrayList<>());
        }
        boolean[] finished = new boolean[batch];
        long[] prefix = new long[batch * (maxTokens + 1)];
        for (int i = 0; i < batch; i++) {
            prefix[i * (maxTokens + 1)] = tokenizer.bosId();
        }
        DecoderCache cache = model.newCache();
        long[] last = new long[batch];
        Arrays.fill(last, tokenizer.bosId());
        for (int t = 0; t < maxTokens && !allTrue(finished); t++) {
            NDArray logits;                                                   // (B, V)
            if (useCache) {
                NDArray step = manager.create(last, new Shape(batch, 1));
                logits = model.stepLogits(ps, step, cache, memory).squeeze(1);
            } else {
                NDArray ids = manager.create(prefixUpTo(prefix, batch, maxTokens + 1, t + 1), new Shape(batch, t + 1));
                logits = model.decodeLogits(ps, latents, ids).get(":, " + t + ", :");
            }
            long[] next = random == null ? logits.argMax(-1).toLongArray() : sample(logits, temperature, random);
            for (int i = 0; i < batch; i++) {
                last[i] = next[i];
                prefix[i * (maxTokens + 1) + t + 1] = next[i];
                if (!finished[i]) {
                    if (next[i] == tokenizer.eosId()) {
                        finished[i] = true;
                    } else {
                        out.get(i).add((int) next[i]);
                    }
                }
            }
        }
        return out.stream().map(ids -> ids.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** Parallel decoding: every one of {@code length} positions chosen from one pass, each sequence cut at its first EOS. */
    private List<int[]> decodeAtOnce(NDArray latents, int length, Random random, double temperature) {
        int batch = (int) latents.getShape().get(0);
        NDArray positions = latents.getManager().zeros(new Shape(batch, length), DataType.INT64);
        NDArray logits = model.decodeLogits(ps, latents, positions);                        // (B, T, V)
        NDArray flat = logits.reshape(batch * length, logits.getShape().get(2));
        long[] chosen = random == null ? flat.argMax(-1).toLongArray() : sample(flat, temperature, random);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int end = 0;
            while (end < length && chosen[i * length + end] != tokenizer.eosId()) {
                end++;
            }
            int[] ids = new int[end];
            for (int t = 0; t < end; t++) {
                ids[t] = (int) chosen[i * length + t];
            }
            out.add(ids);
        }
        return out;
    }

    private static long[] prefixUpTo(long[] prefix, int batch, int stride, int length) {
        long[] ids = new long[batch * length];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(prefix, i * stride, ids, i * length, length);
        }
        return ids;
    }

    private static long[] sample(NDArray logits, double temperature, Random random) {
        int batch = (int) logits.getShape().get(0);
        int vocab = (int) logits.getShape().get(1);
        float[] probabilities = logits.div((float) temperature).softmax(-1).toFloatArray();
        long[] chosen = new long[batch];
        for (int i = 0; i < batch; i++) {
            double u = random.nextDouble();
            double cumulative = 0;
            int pick = vocab - 1;
            for (int v = 0; v < vocab; v++) {
                cumulative += probabilities[i * vocab + v];
                if (u < cumulative) {
                    pick = v;
                    break;
                }
            }
            chosen[i] = pick;
        }
        return chosen;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean flag : flags) {
            if (!flag) {
                return false;
            }
        }
        return true;
    }
}
