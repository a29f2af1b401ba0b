package tvae.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointContents;
import tvae.checkpoint.CorruptCheckpointException;
import tvae.decode.SequenceDecoder;
import tvae.engine.Autograd;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.model.TransformerVae;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.TokenBatch;
import tvae.tokenize.Tokenizer;
import tvae.tokenize.Tokenizers;

/**
 * One training run of a Transformer-VAE, step by step: fresh ({@link #start}) or continued exactly from a checkpoint
 * ({@link #resume}: same parameters, optimizer moments, step, data position and seed, so step k+1 is the step an
 * uninterrupted run would have taken). Every step's native memory is freed when the step ends; {@link #close} frees
 * the model. Not thread-safe: one thread drives a session (DJL allows one gradient collector per process at a time).
 */
public final class TrainingSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TransformerVaeConfig config;
    private final TrainingOptions options;
    private final Tokenizer tokenizer;
    private final boolean ownsTokenizer;
    private final List<String> trainTexts;
    private final List<String> validTexts;
    private final NDManager manager;
    private final TransformerVae model;
    private final ParameterStore parameters;
    private final ParameterStore forwardParameters;
    private final HalfPrecisionParameters halfPrecision;   // null without mixed precision
    private final LossScaler lossScaler;
    private final AdamW optimizer;
    private final BatchSource batches;
    private final VaeObjective objective;
    private final long seed;
    private long stepsDone;
    private long skippedUpdates;
    private static final long PRIOR_DRAWS = 0;
    private static final long RESEARCH_DRAWS = 1;
    private static final long LATENT_NOISE_DRAWS = 2;
    private static final long WORD_DROPOUT_DRAWS = 3;
    private static final long ENCODER_DELETION_DRAWS = 4;
    private static final System.Logger LOG = System.getLogger(TrainingSession.class.getName());

    private TrainingSession(TransformerVaeConfig config, TrainingOptions options, Tokenizer tokenizer, boolean ownsTokenizer,
                            List<String> trainTexts, List<String> validTexts, Device device, CheckpointContents resumeFrom)
            throws IOException {
        if (options.loss().criticWeight() > 0 && !config.interpolationCritic()) {
            throw new IllegalArgumentException("criticWeight is above 0 but the model has no interpolation critic (a run "
                    + "started without one cannot be resumed with one)");
        }
        this.config = config;
        this.options = options;
        this.tokenizer = tokenizer;
        this.ownsTokenizer = ownsTokenizer;
        this.trainTexts = List.copyOf(trainTexts);
        this.validTexts = List.copyOf(validTexts);
        JsonNode state = resumeFrom == null ? null : resumeFrom.trainerState();
        this.seed = state == null ? options.seed() : state.path("seed").asLong(options.seed());
        Engine.getInstance().setRandomSeed((int) seed);
        this.manager = NDManager.newBaseManager(device);
        try {
            this.model = resumeFrom == null ? new TransformerVae(config, tokenizer.vocabSize()).initialized(manager)
                    : Checkpoint.restoreModel(resumeFrom, tokenizer.vocabSize(), manager);
            this.parameters = new ParameterStore(manager, false);
            this.halfPrecision = options.mixedPrecision() ? new HalfPrecisionParameters(manager, model.getParameters()) : null;
            this.forwardParameters = halfPrecision != null ? halfPrecision : parameters;
            this.objective = new VaeObjective(new MmdLoss(options.loss().mmdKernel()),
                    ResearchLoss.switchedOn(options.loss(), tokenizer, config.maxLength()));
            this.optimizer = new AdamW(model.getParameters(), manager,   // after loading: it holds the parameter arrays
                    halfPrecision != null ? halfPrecision::masterGradient : AdamW.GradientSource.OWN);
            if (resumeFrom == null) {
                this.batches = batchSource(new DataCursor(seed, trainTexts.size(), 0, 0), 0);
                this.lossScaler = options.mixedPrecision() ? LossScaler.dynamic(LossScaler.INITIAL_SCALE, 0) : LossScaler.fixedAtOne();
            } else {
                if (resumeFrom.optimizer() == null || state == null) {
                    throw new CorruptCheckpointException("checkpoint of run '" + resumeFrom.runId() + "' has no optimizer or trainer "
                            + "state: it can be served but not resumed");
                }
                optimizer.loadState(new DataInputStream(new ByteArrayInputStream(resumeFrom.optimizer())));
                int items = state.path("trainItems").asInt();
                if (items != trainTexts.size()) {
                    throw new IllegalArgumentException("the checkpoint was trained on " + items + " items, resume got "
                            + trainTexts.size() + ": the data differ, so the run cannot continue as it was");
                }
                this.batches = batchSource(new DataCursor(seed, items, state.path("epoch").asLong(), state.path("index").asInt()),
                        state.path("poolServed").asInt(0));
                this.stepsDone = resumeFrom.step();
                this.lossScaler = options.mixedPrecision()
                        ? LossScaler.dynamic(state.path("lossScale").asDouble(LossScaler.INITIAL_SCALE), state.path("lossScaleCleanSteps").asInt())
                        : LossScaler.fixedAtOne();
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The plain shuffled order, or batches of similar length when the options ask for them. */
    private BatchSource batchSource(DataCursor cursor, int poolServed) {
        if (options.bucketBatches() <= 1) {
            return cursor;
        }
        int[] lengths = trainTexts.stream().mapToInt(String::length).toArray();   // characters: close enough to tokens
        return new SimilarLengthBatches(cursor, lengths, options.bucketBatches(), seed, options.batchSize(), poolServed);
    }

    /** maxLength, or with similar-length batches the shortest length that holds this batch's longest item. */
    private int batchLength(List<int[]> encoded) {
        if (options.bucketBatches() <= 1) {
            return config.maxLength();
        }
        return config.batchLength(encoded);
    }

    /**
     * A fresh run; the caller keeps ownership of {@code tokenizer}. A critic weight above 0 gives the model an
     * interpolation critic, so its checkpoints carry the critic's parameters.
     */
    public static TrainingSession start(TransformerVaeConfig config, TrainingOptions options, Tokenizer tokenizer,
                                        List<String> trainTexts, List<String> validTexts, Device device) {
        TransformerVaeConfig model = options.loss().criticWeight() > 0 ? config.withInterpolationCritic() : config;
        try {
            return new TrainingSession(model, options, tokenizer, false, trainTexts, validTexts, device, null);
        } catch (IOException e) {
            throw new IllegalStateException("a fresh session reads no files", e);
        }
    }

    /**
     * Continues the run saved in {@code checkpointZip}: tokenizer, config, parameters, optimizer state, step count,
     * data position and seed come from the checkpoint; {@code options} give the rest (learning-rate schedule, batch
     * size, loss, step budget).
     */
    public static TrainingSession resume(Path checkpointZip, TrainingOptions options, List<String> trainTexts,
                                         List<String> validTexts, Device device) throws IOException {
        CheckpointContents contents = Checkpoint.read(checkpointZip);
        Tokenizer tokenizer = Tokenizers.fromFiles(contents.tokenizer());
        try {
            return new TrainingSession(contents.config(), options, tokenizer, true, trainTexts, validTexts, device, contents);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Exactly one optimizer step on the next batch. */
    public StepMetrics step() {
        long started = System.nanoTime();
        try (NDScope scope = new NDScope()) {
            List<int[]> encoded = batches.next(options.batchSize()).stream().map(i -> tokenizer.encode(trainTexts.get(i))).toList();
            TokenBatch batch = TokenBatch.ofIds(encoded, tokenizer, batchLength(encoded), manager);
            if (options.wordDropout() > 0) {
                batch = batch.withDecoderInputsDropped(options.wordDropout(), stepRandom(WORD_DROPOUT_DRAWS), tokenizer.padId(),
                        manager);
            }
            if (options.encoderDeletion() > 0) {
                batch = batch.withEncoderTokensDeleted(options.encoderDeletion(), stepRandom(ENCODER_DELETION_DRAWS),
                        tokenizer.padId(), manager);
            }
            NDArray prior = priorSamples(batch.size() * config.latentTokens());
            NDArray latentNoise = options.latentNoise() > 0
                    ? gaussian(LATENT_NOISE_DRAWS, new Shape(batch.size(), config.latentTokens(), config.latentDim()))
                            .muli((float) options.latentNoise())
                    : null;
            double mmdWeight = VaeLoss.mmdWeight(options.loss(), stepsDone);
            optimizer.zeroGradients();
            if (halfPrecision != null) {
                halfPrecision.refresh();
            }
            VaeObjective.Terms terms;
            double lossScale = lossScaler.scale();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = objective.forwardBackward(new ScaledBackward(collector, lossScale), model, forwardParameters, batch, prior,
                        latentNoise, mmdWeight, options.recomputation(), stepsDone, stepRandom(RESEARCH_DRAWS));
            }
            double gradientNorm = Double.isFinite(terms.loss())
                    ? optimizer.update(options.learningRateAt(stepsDone), options.gradientClip(), lossScale) : Double.NaN;
            boolean finite = Double.isFinite(gradientNorm);
            lossScaler.update(finite);
            if (!finite) {
                skippedUpdates++;
                LOG.log(System.Logger.Level.WARNING, "step {0}: loss {1}, gradient norm {2} at loss scale {3}: update skipped "
                        + "({4} so far); non-finite gradients in {5}", stepsDone + 1, terms.loss(), gradientNorm, lossScale,
                        skippedUpdates, optimizer.nonFiniteGradients());
            }
            stepsDone++;
            double seconds = (System.nanoTime() - started) / 1e9;
            return new StepMetrics(stepsDone, terms.loss(), terms.reconstruction(), terms.mmd(), terms.tokenAccuracy(),
                    terms.research(), batch.tokens(), seconds, PeakMemory.bytes(manager.getDevice()));
        }
    }

    /**
     * Scores the first {@code maxItems} validation texts: {@code reconstructionLoss} and {@code tokenAccuracy}
     * (teacher-forced, per token), {@code exactMatch} (greedy decode of the latent codes equals the input).
     */
    public Map<String, Double> evaluate(int maxItems) {
        List<String> items = validTexts.subList(0, Math.min(maxItems, validTexts.size()));
        double lossSum = 0;
        double correct = 0;
        long tokens = 0;
        int exact = 0;
        SequenceDecoder decoder = new SequenceDecoder(model, parameters, tokenizer);
        for (int from = 0; from < items.size(); from += options.batchSize()) {
            List<String> texts = items.subList(from, Math.min(items.size(), from + options.batchSize()));
            try (NDScope scope = new NDScope(); Autograd.Restore off = Autograd.noGrad()) {
                List<int[]> encoded = texts.stream().map(tokenizer::encode).toList();
                TokenBatch batch = TokenBatch.ofIds(encoded, tokenizer, config.maxLength(), manager);
                NDArray latents = model.encode(parameters, batch.encoderIds(), batch.keep());
                VaeLoss.Reconstruction scored = VaeLoss.reconstruction(
                        model.decodeLogits(parameters, latents, batch.decoderInputs()), batch);
                lossSum += scored.loss().getFloat() * batch.tokens();
                correct += scored.correctTokens();
                tokens += batch.tokens();
                List<int[]> decoded = decoder.decode(latents, config.maxLength(), DecodingOptions.greedy(), true);
                for (int i = 0; i < texts.size(); i++) {
                    if (java.util.Arrays.equals(decoded.get(i), TokenBatch.content(encoded.get(i), config.maxLength()))) {
                        exact++;
                    }
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("reconstructionLoss", tokens == 0 ? Double.NaN : lossSum / tokens);
        metrics.put("tokenAccuracy", tokens == 0 ? Double.NaN : correct / tokens);
        metrics.put("exactMatch", items.isEmpty() ? Double.NaN : (double) exact / items.size());
        return metrics;
    }

    public Path saveCheckpoint(Path zipFile, String runId, Map<String, Double> metrics) throws IOException {
        return saveCheckpoint(zipFile, runId, metrics, null);
    }

    public Path saveCheckpoint(Path zipFile, String runId, Map<String, Double> metrics, DatasetSpec dataset) throws IOException {
        return saveCheckpoint(zipFile, runId, metrics, dataset, null);
    }

    /**
     * Saves everything a resume or a server needs, atomically; {@code dataset} (nullable) goes into the manifest, and
     * {@code signingKey} (nullable) signs it ({@link tvae.checkpoint.CheckpointSignature}).
     */
    public Path saveCheckpoint(Path zipFile, String runId, Map<String, Double> metrics, DatasetSpec dataset,
                               java.security.PrivateKey signingKey) throws IOException {
        ObjectNode state = JSON.createObjectNode();
        state.put("seed", seed);
        batches.savePosition(state);
        state.put("lossScale", lossScaler.scale());
        state.put("lossScaleCleanSteps", lossScaler.cleanSteps());
        JsonNode datasetJson = dataset == null ? null : EventJson.mapper().valueToTree(dataset);
        return Checkpoint.write(zipFile, new CheckpointContents(runId, stepsDone, config, Checkpoint.tokenizerFiles(tokenizer),
                Checkpoint.parameters(model), optimizer.saveState(), state, metrics, datasetJson), signingKey);
    }

    /** Steps whose gradient was not finite and so changed nothing (see {@link AdamW#update}). */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    public long stepsDone() {
        return stepsDone;
    }

    public TransformerVaeConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public TrainingOptions options() {
        return options;
    }

    /** The model being trained (for tests and benchmarks that look inside; do not close or share across threads). */
    public TransformerVae model() {
        return model;
    }

    ParameterStore parameterStore() {
        return parameters;
    }

    NDManager manager() {
        return manager;
    }

    /** N(0, I) draws for the MMD of step {@link #stepsDone}. */
    private NDArray priorSamples(int count) {
        return gaussian(PRIOR_DRAWS, new Shape(count, config.latentDim()));
    }

    /** Standard normal draws of one kind for this step, from the step's own seed (see {@link #stepRandom}). */
    private NDArray gaussian(long kind, Shape shape) {
        Random random = stepRandom(kind);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    /** Draws of one kind for step {@link #stepsDone}: from (seed, step, kind) alone, so a resumed run draws the same. */
    private Random stepRandom(long kind) {
        return new Random(seed * 1_000_003L + stepsDone + kind * 0x9E3779B97F4A7C15L);
    }

    @Override
    public void close() {
        objective.close();
        manager.close();
        if (ownsTokenizer) {
            tokenizer.close();
        }
    }
}
