package tvae.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The wire format of every event: UTF-8 JSON, timestamps as ISO-8601 strings, bytes as base64.
 * Decoding checks the envelope (JSON object, schemaVersion, type) before the body, and turns every failure into an
 * {@link InvalidEventException} whose message says what is wrong — that message becomes the dead-letter reason.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Event event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.type(), e);
        }
    }

    public static String encodeToString(Event event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8), type);
    }

    public static <T extends Event> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException("empty message");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("an event must be a JSON object");
        }
        checkEnvelope(tree, type);
        return bind(tree, type);
    }

    /** Reads a JSON body that is not an event (an HTTP request), with the same field-naming errors as events. */
    public static <T> T readBody(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty request body");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("the body must be a JSON object");
        }
        return bind(tree, type);
    }

    /** Reads wire names and values (what a JSON object holds) as {@code type}, with the same errors as a body. */
    public static <T> T convert(Map<String, ?> fields, Class<T> type) {
        return bind(MAPPER.valueToTree(fields), type);
    }

    private static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(describe(e), e);
        }
    }

    private static void checkEnvelope(JsonNode tree, Class<? extends Event> type) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidEventException("missing field 'schemaVersion'");
        }
        if (!version.isInt() || version.intValue() != Event.SCHEMA_VERSION) {
            throw new InvalidEventException("unsupported schemaVersion " + version + ", expected " + Event.SCHEMA_VERSION);
        }
        JsonNode typeName = tree.get("type");
        if (typeName == null || !typeName.isTextual()) {
            throw new InvalidEventException("missing field 'type'");
        }
        String expected = type.getSimpleName();
        if (!expected.equals(typeName.textValue())) {
            throw new InvalidEventException("unknown type '" + typeName.textValue() + "' on this topic, expected '" + expected + "'");
        }
    }

    /** Jackson's messages are long; a dead-letter reason should say the field and the rule in one line. */
    private static String describe(JsonProcessingException e) {
        Throwable cause = e instanceof ValueInstantiationException ? e.getCause() : null;
        while (cause != null && !(cause instanceof InvalidEventException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidEventException) {
            return cause.getMessage();
        }
        if (e instanceof JsonMappingException m) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (e instanceof UnrecognizedPropertyException u) {
                return "unknown field '" + path + "'";
            }
            if (m.getCause() instanceof InvalidEventException inner) {
                return inner.getMessage();
            }
            String message = firstLine(m.getOriginalMessage());
            return path.isEmpty() ? message : "field '" + path + "': " + message;
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
