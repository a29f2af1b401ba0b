package tvae.evaluator.api;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tvae.http.Roles;

/** What the dashboard page shows, as JSON; every answer is rows of a SQL view named in its description. */
@Path("/api")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard", description = "Evaluation results: runs, curves, checkpoints, interpolations, probes")
public class DashboardResource {
    @Inject
    DashboardQueries queries;

    @GET
    @Path("/runs")
    @Operation(summary = "Every run with its newest checkpoint's numbers (view run_summary)")
    public List<Map<String, Object>> runs() {
        return queries.runs();
    }

    @GET
    @Path("/runs/{runId}/summary")
    @Operation(summary = "One run's summary (view run_summary): newest checkpoint's reconstruction accuracy, valid share "
            + "of inner interpolation points (ratios 0.1..0.9), probe accuracy vs baselines; 404 for an unknown run")
    public Map<String, Object> summary(@PathParam("runId") String runId) {
        return queries.runSummary(storable(runId)).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
    }

    @GET
    @Path("/runs/{runId}/curve")
    @Operation(summary = "Loss, MMD and token accuracy by step (view loss_curve)")
    public List<Map<String, Object>> curve(@PathParam("runId") String runId) {
        return queries.curve(storable(runId));
    }

    @GET
    @Path("/runs/{runId}/checkpoints")
    @Operation(summary = "Per-checkpoint metrics of a run, oldest first (view checkpoint_summary)")
    public List<Map<String, Object>> checkpoints(@PathParam("runId") String runId) {
        return queries.checkpoints(storable(runId));
    }

    @GET
    @Path("/runs/{runId}/validity")
    @Operation(summary = "Valid share of interpolation points by checkpoint and ratio (view validity_by_ratio)")
    public List<Map<String, Object>> validity(@PathParam("runId") String runId) {
        return queries.validityByRatio(storable(runId));
    }

    @GET
    @Path("/checkpoints/{checkpointId}/interpolations")
    @Operation(summary = "The checkpoint's interpolation tables, one per pair: ratio, decoded sequence, verdict "
            + "(view interpolation_table)")
    public List<Map<String, Object>> interpolations(@PathParam("checkpointId") String checkpointId) {
        return queries.interpolationTables(storable(checkpointId));
    }

    @GET
    @Path("/checkpoints/{checkpointId}/probe")
    @Operation(summary = "Probe accuracies of the checkpoint: latent linear SVM, majority and TF-IDF baselines on the "
            + "same stratified split, and the seed's RBF SVM on its first-30%-test split (table probe_results)")
    public List<Map<String, Object>> probe(@PathParam("checkpointId") String checkpointId) {
        return queries.probeResults(storable(checkpointId));
    }

    @GET
    @Path("/checkpoints/{checkpointId}/edits")
    @Operation(summary = "The checkpoint's semantic edits, one entry per label pair: how many inputs moved by the learnt "
            + "direction and by a random one of the same length reached the target label (view edit_success), and a few "
            + "learnt edits with what the judge saw (view edit_outcomes)")
    public List<Map<String, Object>> edits(@PathParam("checkpointId") String checkpointId) {
        return queries.edits(storable(checkpointId));
    }

    /**
     * An id as the database could hold it. PostgreSQL text cannot contain NUL, and ids arrive validated in events, so
     * an id with NUL or of absurd length names nothing stored: 404, without asking the database (which would fail).
     */
    private static String storable(String id) {
        if (id.indexOf('\0') >= 0 || id.length() > 1024) {
            throw new NotFoundException("no such id");
        }
        return id;
    }
}
