package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import tvae.decode.DecodeBatcher;
import tvae.decode.LatentEdits;
import tvae.decode.VaeModel;
import tvae.events.CheckpointPublished;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationPoint;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.InvalidEventException;
import tvae.events.Require;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.syntax.Verdict;

/**
 * The inference service's one application service: interpolation (HTTP and Kafka alike), encoding and decoding, and
 * the latent playground (breeding, semantic directions and edits, swapping latent tokens; {@link LatentEdits}) with
 * the model being served ({@link ModelServer}), on the device thread ({@link DeviceQueue}, {@link DecodeBatcher}),
 * within the request limits. Every decoded point of an interpolation is published as a sample.
 * Each way a request is not run is one exception, which each adapter turns into its own answer: over a limit
 * {@link InvalidEventException}, no model {@link NoModelException}, another checkpoint asked for
 * {@link CheckpointNotServedException}, the device too busy {@link DeviceBusyException}.
 */
@ApplicationScoped
public class InferenceService {
    private static final Logger LOG = Logger.getLogger(InferenceService.class);

    @Inject
    ModelServer server;

    @Inject
    RequestLimits limits;

    @Inject
    SampleSink samples;

    @Inject
    DecodeBatcher decoder;

    @Inject
    DeviceQueue device;

    @Inject
    DirectionStore directions;

    @Inject
    SyntaxJudge syntax;

    /** One parent of {@link #breed}: a text to encode, or a latent point (a child of an earlier breed), and its weight. */
    public record Parent(String text, float[][] latent, double weight) {
    }

    /** A strength along a direction or a child's noise beyond this is no edit but a random point. */
    static final double MAX_STRENGTH = 10;

    /**
     * Answers once the request's samples are on the broker too (or the broker refused them, which is logged): a
     * replica that dies right after answering has lost no sample of what it answered.
     */
    public InterpolationResult interpolate(InterpolationRequested request, DeviceQueue.Caller caller) {
        limits.check(request);
        InterpolationResult result;
        CompletionStage<Void> samplesSent;
        try (ModelServer.Lease lease = server.lease()) {
            if (request.checkpointId() != null && !request.checkpointId().equals(lease.checkpointId())) {
                throw new CheckpointNotServedException(request.checkpointId(), lease.checkpointId());
            }
            double[] ratios = request.ratioArray();
            List<String> decoded = device.run(caller, lane -> decoder.interpolate(lane, lease.model(), request.inputA(),
                    request.inputB(), ratios, request.options()));
            List<InterpolationPoint> points = new ArrayList<>();
            for (int i = 0; i < ratios.length; i++) {
                points.add(new InterpolationPoint(ratios[i], decoded.get(i)));
            }
            samplesSent = samples.publish(asSamples(request, lease.checkpoint(), points));
            result = InterpolationResult.ok(request.requestId(), lease.checkpointId(), points);
        }
        try {
            samplesSent.toCompletableFuture().join();
        } catch (CompletionException e) {
            LOG.warnf("samples of request %s not sent: %s", request.requestId(), e.getCause().getMessage());
        }
        return result;
    }

    /** Texts -> latent codes (N, latentTokens, latentDim) with the serving checkpoint and the shape (HTTP only). */
    public Map<String, Object> encode(List<String> inputs) {
        texts(inputs, "inputs");
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            float[][][] latents = encode(model, inputs);
            return Map.of("checkpointId", lease.checkpointId(), "latents", latents,
                    "shape", List.of(model.config().latentTokens(), model.config().latentDim()));
        }
    }

    /** Latent codes -> texts, decoded as one batch, with the serving checkpoint (HTTP only). */
    public Map<String, Object> decode(float[][][] latents, DecodingOptions options) {
        limits.batch(latents.length, "latents");
        limitDecoding(options);
        try (ModelServer.Lease lease = server.lease()) {
            checkShape(latents, "latents", lease);
            return Map.of("checkpointId", lease.checkpointId(), "texts", decode(lease.model(), latents, options));
        }
    }

    /**
     * Children of the weighted {@code parents} (HTTP only): each the weighted mean of the parents' latent points plus
     * Gaussian noise of standard deviation {@code noise} (drawn from {@code seed}, so the same request breeds the same
     * children), decoded, with its latent point so it can be a parent in turn.
     */
    public Map<String, Object> breed(List<Parent> parents, int children, double noise, long seed, DecodingOptions options) {
        limits.batch(parents.size(), "parents");
        limits.batch(children, "children");
        Require.within(noise, 0, MAX_STRENGTH, "noise");
        limitDecoding(options);
        for (int i = 0; i < parents.size(); i++) {
            Parent parent = parents.get(i);
            if ((parent.text() == null) == (parent.latent() == null)) {
                throw new InvalidEventException("field 'parents[" + i + "]' needs either 'text' or 'latent'");
            }
            if (parent.text() != null) {
                limits.input(parent.text(), "parents[" + i + "].text");
            }
            Require.within(parent.weight(), 0, 1e6, "parents[" + i + "].weight");
        }
        if (parents.stream().mapToDouble(Parent::weight).sum() <= 0) {
            throw new InvalidEventException("field 'parents': the weights must not all be 0");
        }
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            List<String> texts = parents.stream().map(Parent::text).filter(text -> text != null).toList();
            float[][][] encoded = encode(model, texts);
            List<float[][]> points = new ArrayList<>();
            for (int i = 0, next = 0; i < parents.size(); i++) {
                if (parents.get(i).text() != null) {
                    points.add(encoded[next++]);
                } else {
                    checkShape(new float[][][] {parents.get(i).latent()}, "parents[" + i + "].latent", lease);
                    points.add(parents.get(i).latent());
                }
            }
            float[][] mean = LatentEdits.weightedMean(points, parents.stream().map(Parent::weight).toList());
            Random random = new Random(seed);
            float[][][] kids = new float[children][][];
            for (int k = 0; k < children; k++) {
                kids[k] = LatentEdits.withNoise(mean, noise, random);
            }
            List<String> decoded = decode(model, kids, options);
            List<Map<String, Object>> bred = new ArrayList<>();
            for (int k = 0; k < children; k++) {
                bred.add(Map.of("text", decoded.get(k), "latent", kids[k]));
            }
            return Map.of("checkpointId", lease.checkpointId(), "children", bred);
        }
    }

    /**
     * Learns the direction from the {@code from} texts to the {@code to} texts in the served checkpoint's latent space
     * (mean code of {@code to} minus mean code of {@code from}) and keeps it under {@code name} for {@link #edit}.
     */
    public Map<String, Object> learnDirection(String name, List<String> from, List<String> to) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidEventException("field 'name' must be 1 to 64 letters, digits, '.', '_' or '-', was " + name);
        }
        texts(from, "from");
        texts(to, "to");
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            List<String> both = new ArrayList<>(from);
            both.addAll(to);
            List<float[][]> codes = List.of(encode(model, both));
            float[][] direction = LatentEdits.direction(codes.subList(0, from.size()), codes.subList(from.size(), codes.size()));
            directions.put(lease.checkpointId(), name, direction);
            return Map.of("checkpointId", lease.checkpointId(), "name", name, "norm", LatentEdits.norm(direction),
                    "from", from.size(), "to", to.size());
        }
    }

    /** The directions the served checkpoint has learnt. */
    public Map<String, Object> directions() {
        try (ModelServer.Lease lease = server.lease()) {
            return Map.of("checkpointId", lease.checkpointId(), "names", directions.names(lease.checkpointId()));
        }
    }

    /** {@code input} moved along a learnt direction by each strength (0: the input as the model reconstructs it). */
    public Map<String, Object> edit(String input, String direction, List<Double> strengths, DecodingOptions options) {
        limits.input(input, "input");
        if (strengths.isEmpty()) {
            throw new InvalidEventException("field 'strengths' must not be empty");
        }
        limits.ratios(strengths.size(), "strengths");
        for (int i = 0; i < strengths.size(); i++) {
            Require.within(strengths.get(i), -MAX_STRENGTH, MAX_STRENGTH, "strengths[" + i + "]");
        }
        limitDecoding(options);
        try (ModelServer.Lease lease = server.lease()) {
            float[][] step = directions.get(lease.checkpointId(), direction)
                    .orElseThrow(() -> new UnknownDirectionException(direction, lease.checkpointId()));
            VaeModel model = lease.model();
            float[][] code = encode(model, List.of(input))[0];
            float[][][] points = strengths.stream().map(s -> LatentEdits.moved(code, step, s)).toArray(float[][][]::new);
            List<String> decoded = decode(model, points, options);
            List<Map<String, Object>> edited = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                edited.add(Map.of("strength", strengths.get(i), "text", decoded.get(i)));
            }
            return Map.of("checkpointId", lease.checkpointId(), "direction", direction, "points", edited);
        }
    }

    /**
     * {@code a} with the latent tokens in {@code tokens} taken from {@code b}, decoded; beside it, {@code a} with each
     * single token of {@code b}, so a user sees what each latent token carries (does one of them hold "style"?).
     */
    public Map<String, Object> swap(String a, String b, List<Integer> tokens, DecodingOptions options) {
        limits.input(a, "inputA");
        limits.input(b, "inputB");
        limitDecoding(options);
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            int latentTokens = model.config().latentTokens();
            if (tokens.isEmpty() || tokens.stream().anyMatch(t -> t == null || t < 0 || t >= latentTokens)) {
                throw new InvalidEventException("field 'tokens' must list latent tokens from 0 to " + (latentTokens - 1)
                        + " (this checkpoint has " + latentTokens + "), was " + tokens);
            }
            float[][][] ends = encode(model, List.of(a, b));
            float[][][] points = new float[1 + latentTokens][][];
            points[0] = LatentEdits.swapped(ends[0], ends[1], Set.copyOf(tokens));
            for (int t = 0; t < latentTokens; t++) {
                points[1 + t] = LatentEdits.swapped(ends[0], ends[1], Set.of(t));
            }
            List<String> decoded = decode(model, points, options);
            List<Map<String, Object>> single = new ArrayList<>();
            for (int t = 0; t < latentTokens; t++) {
                single.add(Map.of("token", t, "text", decoded.get(1 + t)));
            }
            return Map.of("checkpointId", lease.checkpointId(), "text", decoded.get(0), "singleTokens", single);
        }
    }

    /** CPython's verdict on each line (the playground shows it beside every decoded point); needs no model. */
    public Map<String, Object> judge(List<String> lines) {
        texts(lines, "lines");
        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (Verdict verdict : syntax.checker().checkAll(lines)) {
            verdicts.add(verdict.isValid() ? Map.of("valid", true, "statement", String.valueOf(verdict.statement()))
                    : Map.of("valid", false, "error", String.valueOf(verdict.message())));
        }
        return Map.of("verdicts", verdicts);
    }

    private float[][][] encode(VaeModel model, List<String> texts) {
        return texts.isEmpty() ? new float[0][][]
                : device.run(DeviceQueue.Caller.HTTP, lane -> decoder.call(lane, () -> model.encode(texts)));
    }

    private List<String> decode(VaeModel model, float[][][] points, DecodingOptions options) {
        return device.run(DeviceQueue.Caller.HTTP, lane -> decoder.decode(lane, model, points, options));
    }

    private void limitDecoding(DecodingOptions options) {
        if (options != null && options.maxLength() != null) {
            limits.decodeLength(options.maxLength());
        }
    }

    private void texts(List<String> texts, String field) {
        if (texts == null || texts.isEmpty()) {
            throw new InvalidEventException("field '" + field + "' must be a non-empty list of texts");
        }
        limits.batch(texts.size(), field);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new InvalidEventException("field '" + field + "[" + i + "]' is null");
            }
            limits.input(texts.get(i), field + "[" + i + "]");
        }
    }

    /** Latent points from a request must have the served model's shape; else a 400 naming the field and checkpoint. */
    private static void checkShape(float[][][] points, String field, ModelServer.Lease lease) {
        try {
            lease.model().checkLatents(points);
        } catch (IllegalArgumentException wrongShape) {
            throw new InvalidEventException("field '" + field + "': " + wrongShape.getMessage() + " for " + lease.checkpointId());
        }
    }

    private static List<SampleDecoded> asSamples(InterpolationRequested request, CheckpointPublished checkpoint,
                                                 List<InterpolationPoint> points) {
        String dataset = CheckpointFacts.dataset(checkpoint);
        return points.stream().map(point -> SampleDecoded.of(request.requestId() + "@" + point.ratio(), checkpoint.checkpointId(),
                checkpoint.runId(), dataset, SampleKind.REQUEST, point.ratio(), request.requestId(), request.inputA(),
                request.inputB(), null, point.text()).decodedBy(request.options() == null ? null : request.options().strategy()))
                .toList();
    }
}
