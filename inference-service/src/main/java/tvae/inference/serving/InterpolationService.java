package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import tvae.decode.DecodeBatcher;
import tvae.events.CheckpointPublished;
import tvae.events.InterpolationPoint;
import tvae.events.InterpolationRequested;
import tvae.events.InterpolationResult;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;

/**
 * Answers interpolation requests (HTTP and Kafka alike) with the model being served, and publishes every decoded
 * point as a sample. Until a checkpoint has been loaded every request gets an explicit error instead of a hang.
 */
@ApplicationScoped
public class InterpolationService {
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

    /**
     * @throws tvae.events.InvalidEventException when the request is over a limit (a 400 over HTTP)
     * @throws DeviceBusyException when the device cannot answer the caller in time
     */
    public InterpolationResult interpolate(InterpolationRequested request, DeviceQueue.Caller caller) {
        limits.check(request);
        try (ModelServer.Lease lease = server.lease()) {
            if (request.checkpointId() != null && !request.checkpointId().equals(lease.checkpointId())) {
                return InterpolationResult.failed(request.requestId(), lease.checkpointId(), "checkpoint '"
                        + request.checkpointId() + "' is not the one served (" + lease.checkpointId() + "); select it first");
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
        } catch (NoModelException e) {
            return InterpolationResult.failed(request.requestId(), null, e.getMessage());
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
