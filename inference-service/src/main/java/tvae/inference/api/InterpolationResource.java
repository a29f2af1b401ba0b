package tvae.inference.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import tvae.events.EventJson;
import tvae.events.InterpolationResult;
import tvae.http.Roles;
import tvae.inference.serving.DeviceQueue;
import tvae.inference.serving.InferenceService;

@Path("/interpolate")
@Produces(MediaType.APPLICATION_JSON)
public class InterpolationResource {
    @Inject
    InferenceService inference;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decode points between two inputs",
            description = "Encodes inputA and inputB, mixes every latent token at each ratio (default 0, 0.1, ..., 1) and decodes "
                    + "all ratios as one batch. 200 with the points and the checkpoint that served them; 400 naming the bad "
                    + "field or the limit exceeded; 409 when checkpointId is not the served checkpoint; 503 while no checkpoint is loaded, or with Retry-After when the device is too busy "
                    + "to answer in time.")
    public Response interpolate(@RequestBody(description = "inputA, inputB, ratios, options {strategy, mixing, maxLength, "
            + "temperature, seed}, checkpointId") String body) {
        InterpolationResult result = inference.interpolate(EventJson.readBody(body, InterpolationBody.class).toEvent(),
                DeviceQueue.Caller.HTTP);
        return Response.ok(result).build();        // not run: an exception, mapped to its status (NotServedMapper, ...)
    }
}
