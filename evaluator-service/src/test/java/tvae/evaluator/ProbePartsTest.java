package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.DatasetKind;
import tvae.events.ProbeLatents;
import tvae.events.Topics;
import tvae.probe.ProbeEvaluation;
import tvae.probe.ProbeScore;

/** A probe sent in parts over the real broker is held until its last part, then measured once, with intervals. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ProbePartsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void partsAreHeldUntilTheLastArrivesThenTheWholeProbeIsMeasuredOnceAndThePartsGo() {
        RunFixture run = new RunFixture("probe-parts", DatasetKind.PROBE_TEXTS);
        ProbeLatents whole = run.probe(5, 3);
        List<ProbeLatents> parts = ProbeLatents.inParts(whole.checkpointId(), whole.runId(), whole.probeSet(), whole.items(), 40);
        assertEquals(3, parts.size(), RunFixture.PROBE_ITEMS + " items in parts of 40");
        String checkpoint = whole.checkpointId();
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            RunFixture.send(kafka, Topics.PROBE_LATENTS, checkpoint, parts.get(0));
            RunFixture.send(kafka, Topics.PROBE_LATENTS, checkpoint, parts.get(1));
            Eventually.await("two parts held", WAIT,
                    () -> EvaluationDatabase.count("SELECT count(*) FROM probe_parts WHERE checkpoint_id = ?", checkpoint) == 2);
            assertEquals(0, EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id = ?", checkpoint),
                    "nothing measured before the last part");

            RunFixture.send(kafka, Topics.PROBE_LATENTS, checkpoint, parts.get(2));
            Eventually.await("the probe measured", WAIT,
                    () -> EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id = ?", checkpoint) == 4);
            Eventually.await("the parts deleted", WAIT,
                    () -> EvaluationDatabase.count("SELECT count(*) FROM probe_parts WHERE checkpoint_id = ?", checkpoint) == 0);

            Map<String, ProbeScore> expected = ProbeEvaluation.evaluate(whole).stream()
                    .collect(Collectors.toMap(ProbeScore::method, s -> s));
            for (Map<String, Object> row : EvaluationDatabase.rows("SELECT * FROM probe_results WHERE checkpoint_id = ?", checkpoint)) {
                ProbeScore score = expected.get((String) row.get("method"));
                assertEquals(score.accuracy(), (Double) row.get("accuracy"), 1e-12, "measured on all the items: " + row);
                assertEquals(score.ciLow(), (Double) row.get("ci_low"), 1e-12);
                assertEquals(score.ciHigh(), (Double) row.get("ci_high"), 1e-12);
                assertTrue((Double) row.get("ci_low") <= score.accuracy() && score.accuracy() <= (Double) row.get("ci_high"));
            }

            // A replayed part after the measurement is recognised: no part kept again, no score twice.
            RunFixture.send(kafka, Topics.PROBE_LATENTS, checkpoint, parts.get(0));
            ProbeLatents marker = new RunFixture("probe-parts-after", DatasetKind.PROBE_TEXTS).probe(1, 4);
            RunFixture.send(kafka, Topics.PROBE_LATENTS, marker.checkpointId(), marker);
            Eventually.await("a probe sent after the replay measured", WAIT,
                    () -> EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id = ?", marker.checkpointId()) == 4);
            assertEquals(0, EvaluationDatabase.count("SELECT count(*) FROM probe_parts WHERE checkpoint_id = ?", checkpoint));
            assertEquals(4, EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id = ?", checkpoint));
        }
    }
}
