package tvae.inference;

import static tvae.deploy.TestApi.asOperator;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import tvae.checkpoint.Checkpoint;
import tvae.checkpoint.CheckpointSignature;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointChunk;
import tvae.events.CheckpointPublished;
import tvae.events.DeadLetter;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.Topics;
import tvae.transfer.Sha256;

/**
 * Only checkpoints signed by the trainer's key, announced with their own signed manifest and within the intake bounds
 * are served. Each hostile checkpoint below would take over serving if accepted (a higher step of the served run, or an
 * announcement dated 2100); each is dead-lettered with its reason, and only then is the served model checked: still
 * the genuine one. Waits are for events (a dead letter, a checkpoint on hand), never for time.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CheckpointSecurityTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String RUN = "secure-" + System.nanoTime();
    private static final String OLDER_RUN = "secure-older-" + System.nanoTime();

    @Test
    void refusesEveryUntrustedCheckpointAndKeepsServingTheGenuineOne() throws Exception {
        Map<String, Object> asAdmin = LocalStackTestResource.stack().kafka().adminClientProperties();
        Path older = TinyCheckpoints.train(OLDER_RUN, 2); // created first: older than everything of RUN
        Path genuine = TinyCheckpoints.train(RUN, 3);
        try (PlainKafkaClient kafka = new PlainKafkaClient(asAdmin)) {
            TinyCheckpoints.publish(asAdmin, genuine, RUN + "-step-3", RUN, 3);
            TinyCheckpoints.awaitServed(RUN + "-step-3");

            Path unsigned = TinyCheckpoints.rewritten(genuine, 100, null);
            TinyCheckpoints.publish(asAdmin, unsigned, RUN + "-unsigned", RUN, 100);
            assertRefused(kafka, RUN + "-unsigned", "unsigned (no manifest.sig)");

            Path strangers = TinyCheckpoints.rewritten(genuine, 101, CheckpointSignature.generateKeyPair().getPrivate());
            TinyCheckpoints.publish(asAdmin, strangers, RUN + "-wrong-key", RUN, 101);
            assertRefused(kafka, RUN + "-wrong-key", "the signature does not verify with the configured key");

            Path signed102 = TinyCheckpoints.rewritten(genuine, 102, TinyCheckpoints.TEST_SIGNING_KEY);
            ObjectNode otherManifest = (ObjectNode) Checkpoint.readManifest(signed102).deepCopy();
            otherManifest.putObject("metrics").put("tokenAccuracy", 1.0);
            TinyCheckpoints.publish(asAdmin, signed102, announcement(signed102, RUN + "-other-manifest", RUN, 102, otherManifest,
                    Instant.now()));
            assertRefused(kafka, RUN + "-other-manifest", "the announcement's manifest differs from the signed manifest in the zip");

            // The genuine step-3 bytes again, announced as step 1 000 000 and dated 2100.
            TinyCheckpoints.publish(asAdmin, genuine, announcement(genuine, RUN + "-replayed", RUN, 1_000_000,
                    Checkpoint.readManifest(genuine), Instant.parse("2100-01-01T00:00:00Z")));
            assertRefused(kafka, RUN + "-replayed", "announced at step 1000000, the signed manifest says step 3");

            // A genuine checkpoint of another run, dated 2100 by its announcement: it is on hand, yet the trainer made it
            // before the served one, so it does not take over.
            TinyCheckpoints.publish(asAdmin, older, announcement(older, OLDER_RUN + "-step-2", OLDER_RUN, 2,
                    Checkpoint.readManifest(older), Instant.parse("2100-01-01T00:00:00Z")));
            awaitAvailable(OLDER_RUN + "-step-2");
            assertServed(RUN + "-step-3");

            Path bomb = TinyCheckpoints.signedZipBomb(RUN, 200);
            TinyCheckpoints.publish(asAdmin, bomb, announcement(bomb, RUN + "-bomb", RUN, 200, Checkpoint.readManifest(bomb),
                    Instant.now()));
            assertRefused(kafka, RUN + "-bomb", "unpacks to more than the 100 bytes listed for it");

            send(kafka, CheckpointChunk.of(RUN + "-endless", 0, Integer.MAX_VALUE, "00".repeat(32), new byte[] {1}));
            assertRefused(kafka, RUN + "-endless", "claims 2147483647 chunks, the limit is 64");

            // Within the chunk count, but each chunk larger than a publisher's: the 32 MiB test limit stops it at chunk 47.
            byte[] slab = new byte[700 * 1024];
            for (int index = 0; index < 64; index++) {
                send(kafka, CheckpointChunk.of(RUN + "-flood", index, 64, "00".repeat(32), slab));
            }
            assertRefused(kafka, RUN + "-flood", "chunks run past 33554432 bytes, the limit");

            assertCacheHoldsOnlyWhatIsOnHand();
            asOperator().contentType("application/json").body("{\"inputA\":\"x = 1\",\"inputB\":\"return self.value\"}")
                    .post("/interpolate").then().statusCode(200).body("checkpointId", equalTo(RUN + "-step-3")).body("points", hasSize(11));

            // After all that the feed still takes a genuine newer checkpoint.
            Path next = TinyCheckpoints.rewritten(genuine, 6, TinyCheckpoints.TEST_SIGNING_KEY);
            TinyCheckpoints.publish(asAdmin, next, RUN + "-step-6", RUN, 6);
            TinyCheckpoints.awaitServed(RUN + "-step-6");
        }
    }

    private static CheckpointPublished announcement(Path zip, String checkpointId, String runId, long step, JsonNode manifest,
                                                    Instant timestamp) throws Exception {
        long size = Files.size(zip);
        return new CheckpointPublished(Event.SCHEMA_VERSION, CheckpointPublished.TYPE, UUID.randomUUID().toString(), timestamp,
                checkpointId, runId, step, manifest, (int) ((size + 512 * 1024 - 1) / (512 * 1024)), size, Sha256.of(zip), null);
    }

    private static void send(PlainKafkaClient kafka, CheckpointChunk chunk) {
        kafka.send(Topics.CHECKPOINT_CHUNKS, chunk.checkpointId(), EventJson.encode(chunk));
    }

    /**
     * The dead letter (keyed as the refused record: an announcement or a chunk of the checkpoint) arrives first, with its
     * reason; only then is the served model looked at.
     */
    private static void assertRefused(PlainKafkaClient kafka, String checkpointId, String reason) {
        DeadLetter letter = EventJson.decode(kafka.await(Topics.DEAD_LETTER, r -> r.key() != null
                && checkpointId.equals(CheckpointChunk.checkpointIdOfKey(r.key()))
                && "inference-service".equals(EventJson.decode(r.value(), DeadLetter.class).consumer()), WAIT).value(), DeadLetter.class);
        assertTrue(letter.reason().contains(reason), letter.reason());
        assertTrue(letter.reason().contains("still serving " + RUN + "-step-3"), letter.reason());
        assertServed(RUN + "-step-3");
    }

    private static void assertServed(String checkpointId) {
        asOperator().get("/model").then().statusCode(200).body("served.checkpointId", equalTo(checkpointId));
    }

    /** Refused and partial checkpoints leave no file behind: every file in the cache is a checkpoint on hand. */
    private static void assertCacheHoldsOnlyWhatIsOnHand() throws Exception {
        Path cache = ConfigProvider.getConfig().getValue("tvae.checkpoint-cache", Path.class);
        List<String> onHand = asOperator().get("/model").then().extract().jsonPath().getList("available.checkpointId");
        try (Stream<Path> files = Files.list(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().allMatch(n -> n.endsWith(".zip")), names.toString());
            assertEquals(onHand.size(), names.size(), names + " vs " + onHand);
        }
    }

    private static void awaitAvailable(String checkpointId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!asOperator().get("/model").then().extract().jsonPath().getList("available.checkpointId").contains(checkpointId)) {
            assertTrue(System.nanoTime() < deadline, checkpointId + " never on hand: " + asOperator().get("/model").asString());
            Thread.sleep(200);
        }
    }
}
