package tvae.inference.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.http.Roles;
import tvae.inference.serving.InferenceService;

/**
 * The latent space itself: texts to latent codes and back, for users who mix, cluster or probe codes themselves.
 * While no checkpoint is loaded both answer 503 ({@link NotServedMapper}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LatentSpaceResource {
    @Inject
    InferenceService inference;

    /** Body of POST /encode. */
    public record EncodeBody(List<String> inputs) {
    }

    /** Body of POST /decode: latent codes of shape (N, latentTokens, latentDim). */
    public record DecodeBody(List<List<List<Float>>> latents, DecodingOptions options) {
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/encode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Texts (or digits as pixel text) to their latent codes",
            description = "200 with latents of shape (N, latentTokens, latentDim) and the serving checkpoint; 400 naming the bad "
                    + "field or limit; 503 while no checkpoint is loaded.")
    public Response encode(@RequestBody(description = "{\"inputs\": [\"x = 1\", ...]}") String body) {
        return Response.ok(inference.encode(EventJson.readBody(body, EncodeBody.class).inputs())).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/decode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latent codes to texts",
            description = "Decodes every point (N, latentTokens, latentDim) as one batch; 200 with the texts and the serving "
                    + "checkpoint; 400 when a point has the wrong shape or a limit is exceeded; 503 while no checkpoint is loaded.")
    public Response decode(@RequestBody(description = "{\"latents\": [[[...]]], \"options\": {\"strategy\": \"greedy\"}}") String body) {
        DecodeBody request = EventJson.readBody(body, DecodeBody.class);
        if (request.latents() == null || request.latents().isEmpty()) {
            throw new InvalidEventException("field 'latents' must be a non-empty list of latent points");
        }
        return Response.ok(inference.decode(toArray(request.latents()), request.options())).build();
    }

    private static float[][][] toArray(List<List<List<Float>>> latents) {
        float[][][] points = new float[latents.size()][][];
        for (int i = 0; i < points.length; i++) {
            points[i] = point(latents.get(i), "latents[" + i + "]");
        }
        return points;
    }

    /** One latent point from JSON (tokens × numbers); its shape is the model's to check. */
    static float[][] point(List<List<Float>> point, String field) {
        if (point == null || point.isEmpty()) {
            throw new InvalidEventException("field '" + field + "' is empty");
        }
        float[][] tokens = new float[point.size()][];
        for (int t = 0; t < point.size(); t++) {
            List<Float> token = point.get(t);
            if (token == null || token.isEmpty() || token.contains(null)) {
                throw new InvalidEventException("field '" + field + "[" + t + "]' must be a list of numbers");
            }
            tokens[t] = new float[token.size()];
            for (int j = 0; j < token.size(); j++) {
                tokens[t][j] = token.get(j);
            }
        }
        return tokens;
    }
}
