package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import tvae.decode.DecodeBatcher;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.events.InvalidEventException;

/** Encoding and decoding of latent codes with the served model, on the device thread, within the request limits (HTTP only). */
@ApplicationScoped
public class LatentSpaceService {
    @Inject
    ModelServer server;

    @Inject
    RequestLimits limits;

    @Inject
    DecodeBatcher decoder;

    @Inject
    DeviceQueue device;

    /** @throws NoModelException while no checkpoint is loaded; {@link DeviceBusyException} when the device is busy */
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

    /** @throws NoModelException while no checkpoint is loaded; {@link DeviceBusyException} when the device is busy */
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
}
