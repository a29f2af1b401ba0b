package tvae.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import tvae.decode.VaeModel;
import tvae.deploy.ServiceProcess;
import tvae.deploy.StackSecrets;
import tvae.device.DeviceChoice;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.InterpolationRequested;
import tvae.events.Mixing;

/**
 * The latency the playground's interpolation panel waits for: one 11-point interpolation of a trained checkpoint
 * (encode both ends, mix, decode all 11 points as one batch), one call at a time, greedy and guided (beam 4, the
 * constraint, no CPython: neither pruning nor pick), each with the KV cache and, as the baseline in the same run, without it. A trained model stops at EOS, so unlike {@link ModelBenchmark}'s
 * untrained one it decodes only as far as its lines go. With a service URL the same calls also go over HTTP to a
 * running inference-service serving the same checkpoint (operator key from {@code TVAE_OPERATOR_KEY}), and the table
 * shows what HTTP, JSON, the device queue and sample publishing add to the model alone, measured in the same run.
 * <pre>./tvae bench checkpoint-latency CHECKPOINT.zip [calls] [http://127.0.0.1:8082]</pre>
 */
public final class CheckpointLatencyBenchmark {
    private static final List<String[]> PAIRS = List.of(new String[] {"x = 1", "return self.name"},
            new String[] {"self.assertEqual(a, b)", "import os"}, new String[] {"result = []", "raise ValueError('bad value')"},
            new String[] {"count += 1", "return None"});
    private static final int WARM_UP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ./tvae bench checkpoint-latency CHECKPOINT.zip [calls] [inference-service URL]");
            System.exit(2);
        }
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Service service = args.length > 2 ? Service.at(args[2]) : null;
        double[] ratios = InterpolationRequested.defaultRatios();
        try (VaeModel model = VaeModel.load(Path.of(args[0]), DeviceChoice.resolve("auto"))) {
            System.out.printf("%s (step %d): %d-point interpolations, %d calls one at a time after %d warm-up calls%n", args[0],
                    model.step(), ratios.length, calls, WARM_UP);
            if (service != null) {
                service.requireServing(model.step());
            }
            System.out.println("| decoding | where | p50 ms | p90 ms | min ms | p50 / model alone's p50 with the KV cache |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            for (DecodingOptions options : List.of(DecodingOptions.greedy(), DecodingOptions.guided(Mixing.LINEAR))) {
                String name = options.strategy() == DecodingStrategy.GREEDY ? "greedy" : "guided, beam 4 (constraint only, no CPython)";
                double[] alone = measure(call -> interpolate(model, ratios, options, true, call), calls);
                print(name, "model alone, KV cache", alone, alone);
                print(name, "model alone, no KV cache", measure(call -> interpolate(model, ratios, options, false, call), calls), alone);
                if (service != null) {
                    print(name, "HTTP POST /interpolate", measure(call -> service.interpolate(options, call), calls), alone);
                }
            }
        }
    }

    /** Latencies in ms of {@code calls} calls after the warm-up, sorted. */
    private static double[] measure(IntConsumer call, int calls) {
        for (int i = 0; i < WARM_UP; i++) {
            call.accept(i);
        }
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            call.accept(i);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void print(String decoding, String where, double[] millis, double[] modelAlone) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.2f |%n", decoding, where, Percentiles.of(millis, 50),
                Percentiles.of(millis, 90), millis[0], Percentiles.of(millis, 50) / Percentiles.of(modelAlone, 50));
    }

    private static void interpolate(VaeModel model, double[] ratios, DecodingOptions options, boolean useCache, int call) {
        String[] pair = PAIRS.get(call % PAIRS.size());
        model.interpolate(pair[0], pair[1], ratios, options, useCache);
    }

    /** A running inference-service, called as the playground calls it. */
    private record Service(HttpClient http, URI base, String authorization) {
        static Service at(String url) {
            String key = System.getenv("TVAE_OPERATOR_KEY");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("set TVAE_OPERATOR_KEY to call " + url);
            }
            return new Service(HttpClient.newHttpClient(), URI.create(url.endsWith("/") ? url : url + "/"),
                    ServiceProcess.basicAuthorization(StackSecrets.OPERATOR, key));
        }

        /** Compared by step: the service names its checkpoint by id, the zip knows only its step. */
        void requireServing(long step) throws IOException, InterruptedException {
            JsonNode served = JSON.readTree(send(HttpRequest.newBuilder(base.resolve("model")).GET())).path("served");
            if (served.path("step").asLong(-1) != step) {
                throw new IllegalStateException("the service serves " + served + ", not the checkpoint of step " + step);
            }
            System.out.println("the service at " + base + " serves " + served.path("checkpointId").asText());
        }

        void interpolate(DecodingOptions options, int call) {
            String[] pair = PAIRS.get(call % PAIRS.size());
            try {
                String body = JSON.writeValueAsString(Map.of("inputA", pair[0], "inputB", pair[1],
                        "options", Map.of("strategy", options.strategy().wireName())));
                send(HttpRequest.newBuilder(base.resolve("interpolate")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " from " + response.uri() + ": " + response.body());
            }
            return response.body();
        }
    }
}
