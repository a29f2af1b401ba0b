package tvae.trainer.api;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import tvae.events.EventJson;
import tvae.events.TrainingRequested;
import tvae.messaging.KeyedSend;
import tvae.trainer.runs.RunRequest;
import tvae.trainer.runs.RunView;
import tvae.trainer.runs.SubmissionOutcome;
import tvae.trainer.runs.TrainingRunService;
import tvae.http.Roles;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    @Inject
    TrainingRunService runs;

    /** vae.training-requests: a run submitted here goes to the pool, like one any Kafka client sends. */
    @Inject
    @Channel("training-submissions")
    Emitter<byte[]> submissions;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a training run", description = "202 with the run id once the request is on "
            + "vae.training-requests (a trainer of the pool takes it from there), 400 naming the bad field (a dataset path "
            + "outside the data roots too), 409 when the run id is taken on this trainer, 503 when the broker did not take it")
    public Response submit(@RequestBody(description = "dataset, model, hyperParameters, maxSteps, maxMinutes, checkpointEvery") String body) {
        TrainingRequested request = EventJson.readBody(body, RunRequest.class).toEvent();
        SubmissionOutcome outcome = runs.check(request);
        if (outcome.reason() == null) {
            try {
                KeyedSend.send(submissions, request.runId(), EventJson.encode(request)).toCompletableFuture().join();
            } catch (CompletionException e) {
                return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("runId", request.runId(),
                        "error", "the broker did not take the request: " + e.getCause().getMessage())).build();
            }
        }
        if (outcome.reason() != null) {
            Response.Status status = outcome.kind() == SubmissionOutcome.Kind.INVALID ? Response.Status.BAD_REQUEST
                    : Response.Status.CONFLICT;
            return Response.status(status).entity(Map.of("runId", outcome.runId(), "error", outcome.reason())).build();
        }
        return Response.accepted(Map.of("runId", outcome.runId())).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "All runs with their latest progress")
    public List<RunView> list() {
        return runs.list();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/{runId}")
    @Operation(summary = "One run with its latest progress")
    public RunView get(@PathParam("runId") String runId) {
        return runs.get(runId).orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
    }

    @DELETE
    @RolesAllowed(Roles.OPERATOR)
    @Path("/{runId}")
    @Operation(summary = "Cancel a run", description = "A queued run is cancelled at once, a running one after its current step; "
            + "a finished run stays as it was")
    public RunView cancel(@PathParam("runId") String runId) {
        return runs.cancel(runId).orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
    }
}
