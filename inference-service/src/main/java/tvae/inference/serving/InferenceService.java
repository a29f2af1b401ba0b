package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tvae.decode.DecodeBatcher;
import tvae.decode.VaeModel;
import tvae.events.CheckpointPublished;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationPoint;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.InvalidEventException;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;

/**
 * The inference service's one application service: interpolation (HTTP and Kafka alike), encoding and decoding with
 * the model being served ({@link ModelServer}), on the device thread ({@link DeviceQueue}, {@link DecodeBatcher}),
 * within the request limits. Every decoded point of an interpolation is published as a sample.
 * Each way a request is not run is one exception, which each adapter turns into its own answer: over a limit
 * {@link InvalidEventException}, no model {@link NoModelException}, another checkpoint asked for
 * {@link CheckpointNotServedException}, the device too busy {@link DeviceBusyException}.
 */
@ApplicationScoped
public class InferenceService {
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

    public InterpolationResult interpolate(InterpolationRequested request, DeviceQueue.Caller caller) {
        limits.check(request);
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
            samples.publish(asSamples(request, lease.checkpoint(), points));
            return InterpolationResult.ok(request.requestId(), lease.checkpointId(), points);
        }
    }

    /** Texts -> latent codes (N, latentTokens, latentDim) with the serving checkpoint and the shape (HTTP only). */
    public Map<String, Object> encode(List<String> inputs) {
        limits.batch(inputs.size(), "inputs");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new InvalidEventException("field 'inputs[" + i + "]' is null");
            }
            limits.input(inputs.get(i), "inputs[" + i + "]");
        }
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            float[][][] latents = device.run(DeviceQueue.Caller.HTTP, lane -> decoder.call(lane, () -> model.encode(inputs)));
            return Map.of("checkpointId", lease.checkpointId(), "latents", latents,
                    "shape", List.of(model.config().latentTokens(), model.config().latentDim()));
        }
    }

    /** Latent codes -> texts, decoded as one batch, with the serving checkpoint (HTTP only). */
    public Map<String, Object> decode(float[][][] latents, DecodingOptions options) {
        limits.batch(latents.length, "latents");
        if (options != null && options.maxLength() != null) {
            limits.decodeLength(options.maxLength());
        }
        try (ModelServer.Lease lease = server.lease()) {
            VaeModel model = lease.model();
            try {
                model.checkLatents(latents);
            } catch (IllegalArgumentException wrongShape) {
                throw new InvalidEventException("field 'latents': " + wrongShape.getMessage() + " for " + lease.checkpointId());
            }
            List<String> texts = device.run(DeviceQueue.Caller.HTTP, lane -> decoder.decode(lane, model, latents, options));
            return Map.of("checkpointId", lease.checkpointId(), "texts", texts);
        }
    }

    private static List<SampleDecoded> asSamples(InterpolationRequested request, CheckpointPublished checkpoint,
                                                 List<InterpolationPoint> points) {
        String dataset = CheckpointFacts.dataset(checkpoint);
        return points.stream().map(point -> SampleDecoded.of(request.requestId() + "@" + point.ratio(), checkpoint.checkpointId(),
                checkpoint.runId(), dataset, SampleKind.REQUEST, point.ratio(), request.requestId(), request.inputA(),
                request.inputB(), null, point.text())).toList();
    }
}
