package tvae.inference.api;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import tvae.events.CheckpointPublished;
import tvae.events.EventJson;
import tvae.events.ModelSelected;
import tvae.inference.checkpoints.CheckpointFeed;
import tvae.inference.serving.ModelServer;
import tvae.inference.serving.ServingSelection;
import tvae.http.Roles;
import tvae.messaging.KeyedSend;

/** Which checkpoint is served, which are on hand, and the choice between "latest" and a pinned run. */
@Path("/model")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    @Inject
    ModelServer server;

    @Inject
    CheckpointFeed feed;

    @Inject
    @Channel("model-selection")
    Emitter<byte[]> selections;

    /** Body of PUT /model/selection: {"runId": "..."} pins a run, {"runId": null} or {} serves the latest. */
    public record SelectionBody(String runId) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The served checkpoint, the selection, the last swap, the checkpoints on hand and what the start-up replay read")
    public Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("selection", server.selection().describe());
        view.put("served", server.served().map(ModelResource::summary).orElse(null));
        view.put("lastSwap", server.lastSwap().orElse(null));
        view.put("available", server.availableCheckpoints().stream().map(ModelResource::summary).toList());
        view.put("replay", feed.lastReplay().orElse(null));
        return view;
    }

    @PUT
    @RolesAllowed(Roles.OPERATOR)
    @Path("/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Serve the latest checkpoint, or pin one run's newest, on every replica",
            description = "Loads the chosen checkpoint here before answering (409 if it cannot be loaded: the previous one "
                    + "keeps serving), then shares the selection on vae.model-selection, which every replica follows; "
                    + "503 if the broker did not take it")
    public Response select(String body) {
        SelectionBody selection = EventJson.readBody(body, SelectionBody.class);
        ServingSelection chosen = ServingSelection.parse(selection.runId());
        ModelSelected shared = ModelSelected.of(chosen.pinnedRunId()); // a 400 naming runId before anything changes
        try {
            server.select(chosen);
        } catch (IOException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        }
        try {
            KeyedSend.send(selections, ModelSelected.KEY, EventJson.encode(shared)).toCompletableFuture().join();
        } catch (CompletionException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error",
                    "selected here, but not shared with the other replicas: " + e.getCause().getMessage())).build();
        }
        return Response.ok(describe()).build();
    }

    private static Map<String, Object> summary(CheckpointPublished checkpoint) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("checkpointId", checkpoint.checkpointId());
        summary.put("runId", checkpoint.runId());
        summary.put("step", checkpoint.step());
        summary.put("publishedAt", checkpoint.timestamp().toString());
        summary.put("sizeBytes", checkpoint.sizeBytes());
        return summary;
    }
}
