package tvae.evaluator;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DatasetKind;

/** The REST answers the page and the launcher read, over events that went through the real broker and database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DashboardApiTest {
    private static final RunFixture RUN = new RunFixture("api-run", DatasetKind.PYTHON_LINES);

    @BeforeAll
    static void publish() {
        // Shares are doubles on the wire; without this RestAssured reads them as floats.
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            RUN.publishPythonRun(kafka);
        }
        Eventually.await("the api run", Duration.ofSeconds(90), () ->
                EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", RUN.runId) == RUN.samplesPerPythonRun()
                        && EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id LIKE ?", RUN.runId + "%") == 8
                        && EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id = ?", RUN.runId) == 21);
    }

    @Test
    void theRunSummaryHasWhatTheLauncherPrints() {
        asOperator().get("/api/runs/api-run/summary").then().statusCode(200)
                .body("latest_checkpoint_id", equalTo(RUN.checkpointId(400)))
                .body("reconstruction_exact", closeTo(1.0, 1e-9))
                .body("interpolation_valid_share", closeTo(13.0 / 18, 1e-9))
                .body("interpolation_novel_share", closeTo(5.0 / 18, 1e-9))
                .body("interpolation_points", equalTo(22))   // two pairs at 11 ratios: what the shares are over
                .body("probe_accuracy", closeTo(1.0, 1e-9))
                .body("probe_majority_baseline", closeTo(1.0 / 3, 1e-9))
                .body("training_token_accuracy", closeTo(1 - 0.85 * Math.exp(-400 / 110.0), 1e-9));
        asOperator().get("/api/runs/no-such-run/summary").then().statusCode(404);
        asOperator().get("/api/runs").then().statusCode(200).body("run_id", hasItem("api-run"));
    }

    @Test
    void curvesCheckpointsAndValidityComeFromTheViews() {
        asOperator().get("/api/runs/api-run/curve").then().statusCode(200).body("$", hasSize(20))
                .body("[0].step", equalTo(20)).body("[19].step", equalTo(400))
                .body("[19].research_losses.cycle", closeTo(RunFixture.cycle(400), 1e-9))
                .body("[19].research_losses.keySet()", equalTo(java.util.Set.of("cycle")));
        asOperator().get("/api/runs/api-run/checkpoints").then().statusCode(200).body("step", equalTo(java.util.List.of(200, 400)));
        asOperator().get("/api/runs/api-run/validity").then().statusCode(200).body("$", hasSize(22))
                .body("find { it.checkpoint_id == 'api-run-step-400' && it.ratio == 0.5d }.valid_share", closeTo(0.5, 1e-9))
                // at 0.1 both paths still decode their first line: valid, but nothing new
                .body("find { it.checkpoint_id == 'api-run-step-400' && it.ratio == 0.1d }.valid_share", closeTo(1.0, 1e-9))
                .body("find { it.checkpoint_id == 'api-run-step-400' && it.ratio == 0.1d }.novel_valid_share", closeTo(0.0, 1e-9))
                .body("find { it.checkpoint_id == 'api-run-step-400' && it.ratio == 0.2d }.novel_valid_share", closeTo(1.0, 1e-9));
    }

    @Test
    void interpolationTablesAndProbesPerCheckpoint() {
        asOperator().get("/api/checkpoints/api-run-step-400/interpolations").then().statusCode(200)
                .body("$", hasSize(2)).body("[0].input_a", equalTo(RunFixture.LINE_A)).body("[0].points", hasSize(11))
                .body("[0].points[4].text", equalTo("x = foo(self.items, key")).body("[0].points[4].verdict", equalTo("invalid"))
                .body("[0].points[4].validity_error", containsString("SyntaxError"));
        asOperator().get("/api/checkpoints/api-run-step-400/probe").then().statusCode(200)
                .body("method", containsInAnyOrder("majority", "latent-linear-svm", "bow-tfidf-linear-svm", "latent-rbf-svm"));
        anonymous().get("/q/openapi").then().statusCode(200).body(containsString("/api/runs/{runId}/summary"));
    }
}
