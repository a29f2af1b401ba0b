package tvae.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A bounded, seeded fuzz loop over a service's HTTP endpoints: each case mutates an endpoint's valid body (a field
 * replaced by a hostile value, removed, or an unknown one added) or replaces it outright (random bytes, cut JSON, deep
 * nesting, the wrong JSON type), sometimes with a hostile path segment or content type. Every answer must be below 500.
 * The same seed replays the same cases, so a failure can be reproduced from its report.
 */
public final class HttpFuzz {
    /** An endpoint to fuzz; {@code path} may hold one {@code {id}} that gets hostile values; {@code validBody} may be null. */
    public record Endpoint(String method, String path, String validBody) {
    }

    /** One answer of 500 or more, with what provoked it. */
    public record Failure(int status, String method, String path, String body, String answer) {
        @Override
        public String toString() {
            return status + " for " + method + " " + path + " body " + abbreviate(body) + " -> " + abbreviate(answer);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> HOSTILE_SEGMENTS = List.of("..", "%2e%2e%2fetc%2fpasswd", "x".repeat(5000), "%00", "%27%20OR%201%3D1%20--",
            "%F0%9F%92%A5", "%C0%AF", "-1", "99999999999999999999");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json", "application/json",
            "text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "application/json; charset=latin1");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final URI base;
    private final String authorization;
    private final Random random;

    /** {@code authorization} is the header value every case sends (the fuzz is of what a logged-in client may send). */
    public HttpFuzz(URI base, String authorization, long seed) {
        this.base = base;
        this.authorization = authorization;
        this.random = new Random(seed);
    }

    /** Runs {@code cases} cases spread over the endpoints; returns every answer of 500 or more. */
    public List<Failure> run(List<Endpoint> endpoints, int cases) throws IOException, InterruptedException {
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            String path = endpoint.path().replace("{id}", random.nextInt(3) == 0 ? pick(HOSTILE_SEGMENTS)
                    : URLEncoder.encode(randomString(1 + random.nextInt(20)), StandardCharsets.UTF_8));
            byte[] body = endpoint.method().equals("GET") || endpoint.method().equals("DELETE") ? new byte[0] : body(endpoint.validBody());
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                    .header("Authorization", authorization).header("Content-Type", pick(CONTENT_TYPES))
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failures.add(new Failure(response.statusCode(), endpoint.method(), path, new String(body, StandardCharsets.UTF_8),
                        response.body()));
            }
        }
        return failures;
    }

    private byte[] body(String validBody) {
        int kind = random.nextInt(10);
        if (validBody != null && kind < 6) {
            return mutate(validBody).getBytes(StandardCharsets.UTF_8);
        }
        return switch (kind % 5) {
            case 0 -> randomBytes(random.nextInt(4096));
            case 1 -> validBody == null ? new byte[0] : validBody.substring(0, random.nextInt(validBody.length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("[".repeat(1 + random.nextInt(20_000))).getBytes(StandardCharsets.UTF_8);
            case 3 -> hostileValue(0).toString().getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    /** The valid body with one field changed: replaced by a hostile value, removed, or joined by an unknown one. */
    private String mutate(String validBody) {
        try {
            JsonNode tree = JSON.readTree(validBody);
            List<ObjectNode> objects = new ArrayList<>();
            collectObjects(tree, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> fields = new ArrayList<>();
            target.fieldNames().forEachRemaining(fields::add);
            int action = random.nextInt(4);
            if (fields.isEmpty() || action == 3) {
                target.set(randomString(8), hostileValue(0));
            } else if (action == 2) {
                target.remove(pick(fields));
            } else {
                target.set(pick(fields), hostileValue(0));
            }
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + validBody, e);
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            collectObjects(children.next(), objects);
        }
    }

    private JsonNode hostileValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 9 : 12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(List.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1)));
            case 3 -> NODES.numberNode(pick(List.of(Double.MAX_VALUE, -Double.MAX_VALUE, 1e-320, 0.5, -0.0)));
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400))));
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode(randomString(random.nextInt(64)));
            case 7 -> NODES.textNode("x".repeat(random.nextInt(300_000)));
            case 8 -> NODES.textNode(pick(List.of("NaN", "Infinity", "../../etc/passwd", "\u0000", "\uD83D", "<script>")));
            case 9 -> {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(3) == 0 ? random.nextInt(5000) : random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    array.add(i < 5 ? hostileValue(depth + 1) : NODES.numberNode(random.nextGaussian()));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomString(6), hostileValue(depth + 1));
                }
                yield object;
            }
        };
    }

    private String randomString(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.appendCodePoint(kind < 6 ? 'a' + random.nextInt(26) : kind < 8 ? 0x20 + random.nextInt(0x5f)
                    : kind < 9 ? random.nextInt(0x20) : 0x80 + random.nextInt(0x2000));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}
