package tvae.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tvae.tokenize.WellFormedText;

/**
 * Labelled short texts from a JSON-lines file, one object per line: either {@code {"text", "label"}} or the News
 * Category Dataset's records ({@code "headline"}, {@code "category"}, the set the seed probed with). The first object
 * decides which pair of fields the file uses. Objects with an empty text are skipped (the news set has a few); the
 * label may be absent (the item is then unlabelled).
 */
public final class LabelledJsonLines {
    /** Field names of the text and its label. */
    public record Fields(String text, String label) {
        public static final Fields TEXT_LABEL = new Fields("text", "label");
        public static final Fields NEWS_CATEGORY = new Fields("headline", "category");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelledJsonLines() {
    }

    public static List<CorpusItem> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no JSON-lines file at " + file);
        }
        List<CorpusItem> items = new ArrayList<>();
        Fields fields = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = parse(line, file, lineNumber);
                if (fields == null) {
                    fields = fieldsOf(record, file, lineNumber);
                }
                // a "\ud800" escape decodes to a lone surrogate, which no tokenizer can give back
                String text = WellFormedText.repair(record.path(fields.text()).asText("").strip());
                JsonNode label = record.path(fields.label());
                if (!text.isEmpty()) {
                    items.add(new CorpusItem(text, label.isValueNode() && !label.isNull() ? label.asText() : null));
                }
            }
        }
        if (items.isEmpty()) {
            throw new IOException("no texts in " + file + ": expected one JSON object per line with a non-empty "
                    + Fields.TEXT_LABEL.text() + " or " + Fields.NEWS_CATEGORY.text());
        }
        return items;
    }

    private static JsonNode parse(String line, Path file, int lineNumber) throws IOException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IOException(file + " line " + lineNumber + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IOException(file + " line " + lineNumber + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Fields fieldsOf(JsonNode first, Path file, int lineNumber) throws IOException {
        for (Fields fields : List.of(Fields.TEXT_LABEL, Fields.NEWS_CATEGORY)) {
            if (first.has(fields.text())) {
                return fields;
            }
        }
        throw new IOException(file + " line " + lineNumber + " has neither \"" + Fields.TEXT_LABEL.text() + "\" nor \""
                + Fields.NEWS_CATEGORY.text() + "\": expected {\"text\":...,\"label\":...} or News Category records");
    }
}
