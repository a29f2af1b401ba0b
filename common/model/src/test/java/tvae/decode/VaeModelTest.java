package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.Mixing;
import tvae.train.TrainingFixtures;

class VaeModelTest {
    @TempDir
    static Path dir;
    private static List<String> lines;
    private static VaeModel model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        lines = TrainingFixtures.lines(128);
        Path zip = TrainingFixtures.trainTiny(lines, 300, dir.resolve("tiny.zip"), "decode-test");
        model = VaeModel.load(zip, Device.cpu());
        System.out.println("checkpoint metrics " + model.metrics() + " z " + java.util.Arrays.toString(model.encode(lines.subList(0, 1))[0][0]));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void trainedModelReconstructsMostOfItsLines() {
        List<String> sample = lines.subList(0, 32);
        List<String> decoded = model.decode(model.encode(sample), DecodingOptions.greedy());
        long exact = java.util.stream.IntStream.range(0, sample.size()).filter(i -> decoded.get(i).equals(sample.get(i))).count();
        System.out.println("exact reconstructions: " + exact + " / " + sample.size() + ", e.g. '" + sample.get(0) + "' -> '" + decoded.get(0) + "'");
        assertTrue(exact >= sample.size() / 2, exact + " exact");
    }

    @Test
    void kvCacheGreedyDecodeEqualsDecodeWithoutCache() {
        float[][][] latents = model.encode(lines.subList(0, 24));
        List<String> cached = model.decode(latents, DecodingOptions.greedy(), true);
        List<String> uncached = model.decode(latents, DecodingOptions.greedy(), false);
        assertEquals(uncached, cached);
        DecodingOptions sampling = new DecodingOptions(DecodingStrategy.SAMPLING, null, null, 1.5, 9L);
        assertEquals(model.decode(latents, sampling, false), model.decode(latents, sampling, true));
        assertNotEquals(cached, model.decode(latents, sampling, true), "sampling at temperature 1.5 departs from greedy somewhere");
    }

    @Test
    void interpolationEndsAreTheDecodedEncodingsOfBothInputs() {
        String a = lines.get(3);
        String b = lines.get(70);
        String decodedA = model.decode(model.encode(List.of(a)), DecodingOptions.greedy()).get(0);
        String decodedB = model.decode(model.encode(List.of(b)), DecodingOptions.greedy()).get(0);
        for (Mixing mixing : Mixing.values()) {
            DecodingOptions options = new DecodingOptions(DecodingStrategy.GREEDY, mixing, null, null, null);
            List<String> points = model.interpolate(a, b, new double[] {0, 0.1, 0.5, 0.9, 1}, options);
            System.out.println(mixing + ": " + points);
            assertEquals(5, points.size());
            assertEquals(decodedA, points.get(0), mixing + " at 0");
            assertEquals(decodedB, points.get(4), mixing + " at 1");
            assertEquals(points, model.interpolate(a, b, new double[] {0, 0.1, 0.5, 0.9, 1}, options, false), "without the cache");
        }
    }

    /** Encoding pads a batch only as far as its longest line: a short line alone gets the codes it gets beside a long one. */
    @Test
    void aLineGetsTheSameCodesWhateverTheLengthOfItsBatch() {
        String shortLine = "x = 1";
        String longLine = lines.stream().max(java.util.Comparator.comparingInt(line -> model.tokenizer().encode(line).length)).orElseThrow();
        assertTrue(model.config().batchLength(List.of(model.tokenizer().encode(shortLine)))
                < model.config().batchLength(List.of(model.tokenizer().encode(longLine))), "the two batches must differ in length");
        float[][] alone = model.encode(List.of(shortLine))[0];
        float[][] besideLong = model.encode(List.of(shortLine, longLine))[0];
        for (int t = 0; t < alone.length; t++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(besideLong[t], alone[t], 1e-5f, "latent token " + t);
        }
    }

    @Test
    void latentsHaveTheConfiguredShape() {
        float[][][] latents = model.encode(List.of("x = 1", "return y"));
        assertEquals(2, latents.length);
        assertEquals(model.config().latentTokens(), latents[0].length);
        assertEquals(model.config().latentDim(), latents[0][0].length);
    }

    /** Requests queued together are decoded as one batch and each still gets exactly its own answer. */
    @Test
    void batchedRequestsGetTheSameAnswersAsRequestsDecodedAlone() throws Exception {
        double[] ratios = {0, 0.25, 0.5, 0.75, 1};
        List<String[]> pairs = List.of(new String[] {lines.get(1), lines.get(2)}, new String[] {lines.get(5), lines.get(40)},
                new String[] {lines.get(9), lines.get(90)}, new String[] {lines.get(12), lines.get(33)});
        List<List<String>> alone = pairs.stream()
                .map(p -> model.interpolate(p[0], p[1], ratios, DecodingOptions.greedy())).toList();
        try (DecodeBatcher batcher = new DecodeBatcher(64, true)) {
            // a slow first job holds the device thread, so the others queue up behind it and are gathered into one batch
            java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
            batcher.call(() -> {
                try {
                    return queued.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<java.util.concurrent.CompletableFuture<List<String>>> answers = pairs.stream()
                    .map(p -> batcher.interpolate(model, p[0], p[1], ratios, DecodingOptions.greedy())).toList();
            java.util.concurrent.CompletableFuture<List<String>> malformed = batcher.decode(model, new float[][][] {{{1f, 2f}}},
                    DecodingOptions.greedy());
            queued.countDown();
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(alone.get(i), answers.get(i).get(), "pair " + i);
            }
            java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, malformed::get);
            assertTrue(refused.getCause().getMessage().contains("latent point must be"), refused.getCause().getMessage());
        }
    }
}
