package tvae.inference.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import tvae.events.DecodingOptions;
import tvae.events.EventJson;
import tvae.events.InvalidEventException;
import tvae.http.Roles;
import tvae.inference.serving.InferenceService;

/**
 * The latent playground over HTTP: breed children from weighted parents, learn a semantic direction from two groups of
 * texts and move an input along it, swap latent tokens between two inputs. Every endpoint works on the served
 * checkpoint, within the request limits (400 naming the field or the limit), 503 while no checkpoint is loaded.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LatentPlaygroundResource {
    @Inject
    InferenceService inference;

    /** One parent: a text, or the latent point of an earlier child; weight 1 when unset. */
    public record ParentBody(String text, List<List<Float>> latent, Double weight) {
    }

    /** Body of POST /breed. */
    public record BreedBody(List<ParentBody> parents, Integer children, Double noise, Long seed, DecodingOptions options) {
    }

    /** Body of POST /directions. */
    public record DirectionBody(String name, List<String> from, List<String> to) {
    }

    /** Body of POST /edit. */
    public record EditBody(String input, String direction, List<Double> strengths, DecodingOptions options) {
    }

    /** Body of POST /judge. */
    public record JudgeBody(List<String> lines) {
    }

    /** Body of POST /swap. */
    public record SwapBody(String inputA, String inputB, List<Integer> tokens, DecodingOptions options) {
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/breed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Children of weighted parents",
            description = "Each child is the weighted mean of the parents' latent points plus Gaussian noise of standard deviation "
                    + "'noise' (default 0.3, drawn from 'seed'), decoded; 200 with every child's text and latent point (pass it "
                    + "back as a parent's 'latent'); 400 naming the bad field or limit; 503 while no checkpoint is loaded.")
    public Response breed(@RequestBody(description = "{\"parents\": [{\"text\": \"x = 1\", \"weight\": 2}, {\"text\": \"return y\"}], "
            + "\"children\": 4, \"noise\": 0.3, \"seed\": 7}") String body) {
        BreedBody request = EventJson.readBody(body, BreedBody.class);
        if (request.parents() == null || request.parents().isEmpty()) {
            throw new InvalidEventException("field 'parents' must be a non-empty list of {text or latent, weight}");
        }
        List<InferenceService.Parent> parents = new ArrayList<>();
        for (int i = 0; i < request.parents().size(); i++) {
            ParentBody parent = request.parents().get(i);
            if (parent == null) {
                throw new InvalidEventException("field 'parents[" + i + "]' is null");
            }
            parents.add(new InferenceService.Parent(parent.text(),
                    parent.latent() == null ? null : LatentSpaceResource.point(parent.latent(), "parents[" + i + "].latent"),
                    parent.weight() == null ? 1.0 : parent.weight()));
        }
        return Response.ok(inference.breed(parents, request.children() == null ? 4 : request.children(),
                request.noise() == null ? 0.3 : request.noise(), request.seed() == null ? 0L : request.seed(),
                request.options())).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/directions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Learn a semantic direction",
            description = "The mean latent point of the 'to' texts minus that of the 'from' texts, kept under 'name' for the served "
                    + "checkpoint (in memory); 200 with its norm; 400 naming the bad field or limit; 503 while no checkpoint is loaded.")
    public Response learnDirection(@RequestBody(description = "{\"name\": \"assign-to-return\", \"from\": [\"x = 1\", \"y = f(x)\"], "
            + "\"to\": [\"return 1\", \"return f(x)\"]}") String body) {
        DirectionBody request = EventJson.readBody(body, DirectionBody.class);
        return Response.ok(inference.learnDirection(request.name(), request.from(), request.to())).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/directions")
    @Operation(summary = "The directions the served checkpoint has learnt")
    public Response directions() {
        return Response.ok(inference.directions()).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/edit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move an input along a learnt direction",
            description = "The input's latent point plus strength × direction, for each strength (default -1, -0.5, 0, 0.5, 1, 2), "
                    + "decoded as one batch; 404 for a direction this checkpoint has not learnt; 400 naming the bad field or limit.")
    public Response edit(@RequestBody(description = "{\"input\": \"x = 1\", \"direction\": \"assign-to-return\", "
            + "\"strengths\": [0, 0.5, 1]}") String body) {
        EditBody request = EventJson.readBody(body, EditBody.class);
        if (request.input() == null || request.direction() == null) {
            throw new InvalidEventException("fields 'input' and 'direction' are required");
        }
        List<Double> strengths = request.strengths() == null ? List.of(-1.0, -0.5, 0.0, 0.5, 1.0, 2.0) : request.strengths();
        if (strengths.stream().anyMatch(Objects::isNull)) {   // List.of(...).contains(null) would throw
            throw new InvalidEventException("field 'strengths' must be a list of numbers");
        }
        return Response.ok(inference.edit(request.input(), request.direction(), strengths, request.options())).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/swap")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Swap latent tokens between two inputs (experimental)",
            description = "inputA's latent point with the listed latent tokens taken from inputB, decoded, and beside it inputA "
                    + "with each single token of inputB, to see what each latent token carries; 400 naming the bad field.")
    public Response swap(@RequestBody(description = "{\"inputA\": \"x = 1\", \"inputB\": \"return self.name\", \"tokens\": [0]}")
                         String body) {
        SwapBody request = EventJson.readBody(body, SwapBody.class);
        if (request.inputA() == null || request.inputB() == null || request.tokens() == null) {
            throw new InvalidEventException("fields 'inputA', 'inputB' and 'tokens' are required");
        }
        return Response.ok(inference.swap(request.inputA(), request.inputB(), request.tokens(), request.options())).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/judge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "CPython's verdict on lines of Python",
            description = "For each line: valid with its first statement's AST node type, or invalid with CPython's message; "
                    + "400 naming the bad field or limit.")
    public Response judge(@RequestBody(description = "{\"lines\": [\"x = 1\", \"x = = 1\"]}") String body) {
        return Response.ok(inference.judge(EventJson.readBody(body, JudgeBody.class).lines())).build();
    }
}
