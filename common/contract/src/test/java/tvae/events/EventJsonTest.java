package tvae.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final String SHA = "a".repeat(64);

    @Test
    void everyEventRoundTripsThroughJson() {
        List<Event> events = List.of(
                TrainingRequested.of("run-1", DatasetSpec.of(DatasetKind.PYTHON_LINES), ModelSpec.preset("tiny"),
                        HyperParameters.defaults(), 100, 2.5, 50),
                TrainingProgress.of("run-1", RunState.RUNNING, 3, 100, Map.of("reconstruction", 1.5), 0.4, 1000.0, 12.0, null),
                CheckpointPublished.of("ck-1", "run-1", 50, JsonNodeFactory.instance.objectNode().put("step", 50), 3, 1234, SHA),
                CheckpointChunk.of("ck-1", 0, 3, SHA, new byte[] {1, 2, 3}),
                InterpolationRequested.of("rq-1", "x = 1", "y = 2", null, null, null),
                InterpolationResult.ok("rq-1", "ck-1", List.of(new InterpolationPoint(0.5, "z = 3"))),
                SampleDecoded.of("s-1", "ck-1", "run-1", "python-lines", SampleKind.INTERPOLATION, 0.5, "p-1", "a", "b", null, "c"),
                SampleDecoded.edit("s-2", "ck-1", "run-1", "python-lines", "x = 1",
                        new SampleEdit("Assign", "Return", EditDirection.RANDOM, 1.0), DecodingStrategy.GUIDED, "return 1"),
                ProbeLatents.of("ck-1", "run-1", "wordnet", List.of(new ProbeItem("a dog", "noun.animal", new float[] {0.5f}))),
                DeadLetter.of("vae.training-requests", 0, 7, "k", new byte[] {'{'}, "trainer", "malformed JSON"));
        for (Event event : events) {
            Event back = EventJson.decode(EventJson.encode(event), event.getClass());
            assertEquals(event.eventId(), back.eventId());
            assertEquals(event.timestamp(), back.timestamp());
            assertEquals(EventJson.encodeToString(event), EventJson.encodeToString(back), event.type());
        }
        CheckpointChunk chunk = CheckpointChunk.of("ck-1", 1, 3, SHA, new byte[] {9, 8});
        assertArrayEquals(new byte[] {9, 8}, EventJson.decode(EventJson.encode(chunk), CheckpointChunk.class).data());
    }

    @Test
    void refusesMalformedJsonWithAReason() {
        assertReason("{not json", "malformed JSON");
        assertReason("[1,2]", "must be a JSON object");
        assertReason("", "empty message");
    }

    @Test
    void refusesWrongSchemaVersionAndUnknownType() {
        String good = EventJson.encodeToString(request());
        assertReason(good.replace("\"schemaVersion\":1", "\"schemaVersion\":2"), "unsupported schemaVersion 2");
        assertReason(good.replace("\"type\":\"TrainingRequested\"", "\"type\":\"Bogus\""), "unknown type 'Bogus'");
    }

    @Test
    void namesTheMissingOrBadField() {
        String good = EventJson.encodeToString(request());
        assertReason(good.replace("\"runId\":\"run-1\",", ""), "missing field 'runId'");
        assertReason(good.replace("\"maxSteps\":100", "\"maxSteps\":-5"), "field 'maxSteps' must be > 0, was -5");
        assertReason(good.replace("\"python-lines\"", "\"cats\""), "unknown dataset 'cats'");
        assertReason(good.replace("\"maxSteps\":100", "\"maxSteps\":\"lots\""), "field 'maxSteps'");
        assertReason(good.replace("\"runId\":\"run-1\"", "\"runId\":\"run-1\",\"extra\":1"), "unknown field 'extra'");
    }

    @Test
    void decodingChoicesTravelByTheirLowerCaseNamesAndAnUnknownOneIsNamed() {
        InterpolationRequested guided = InterpolationRequested.of("rq-1", "x = 1", "y = 2", null,
                new DecodingOptions(DecodingStrategy.GUIDED, Mixing.SLERP, null, null, null), null);
        String json = EventJson.encodeToString(guided);
        assertTrue(json.contains("\"strategy\":\"guided\"") && json.contains("\"mixing\":\"slerp\""), json);
        DecodingOptions back = EventJson.decode(json, InterpolationRequested.class).options();
        assertEquals(DecodingStrategy.GUIDED, back.strategy());
        assertEquals(Mixing.SLERP, back.mixing());

        InvalidEventException strategy = assertThrows(InvalidEventException.class,
                () -> EventJson.decode(json.replace("\"guided\"", "\"beam\""), InterpolationRequested.class));
        assertEquals("field 'options.strategy' must be 'greedy', 'sampling', 'guided', was 'beam'", strategy.getMessage());
        InvalidEventException mixing = assertThrows(InvalidEventException.class,
                () -> EventJson.decode(json.replace("\"slerp\"", "\"cubic\""), InterpolationRequested.class));
        assertEquals("field 'options.mixing' must be 'linear', 'slerp', was 'cubic'", mixing.getMessage());
    }

    @Test
    void aLargeProbeTravelsInNumberedPartsThatRoundTripAndABadPartNumberIsNamed() {
        List<ProbeItem> items = List.of(item("a"), item("b"), item("c"), item("d"), item("e"));
        List<ProbeLatents> parts = ProbeLatents.inParts("ck-1", "run-1", "digits", items, 2);
        assertEquals(List.of(0, 1, 2), parts.stream().map(ProbeLatents::part).toList());
        assertEquals(List.of(2, 2, 1), parts.stream().map(p -> p.items().size()).toList());
        assertTrue(parts.stream().allMatch(p -> p.partCount() == 3));
        ProbeLatents back = EventJson.decode(EventJson.encodeToString(parts.get(2)), ProbeLatents.class);
        assertEquals("e", back.items().get(0).text());
        assertEquals(2, back.part());
        assertEquals(1, ProbeLatents.of("ck-1", "run-1", "digits", items).partCount());

        String json = EventJson.encodeToString(parts.get(2));
        InvalidEventException outside = assertThrows(InvalidEventException.class,
                () -> EventJson.decode(json.replace("\"part\":2", "\"part\":3"), ProbeLatents.class));
        assertTrue(outside.getMessage().contains("field 'part' must be in"), outside.getMessage());
        InvalidEventException alone = assertThrows(InvalidEventException.class,
                () -> EventJson.decode(json.replace(",\"parts\":3", ""), ProbeLatents.class));
        assertTrue(alone.getMessage().contains("'part' and 'parts' come together"), alone.getMessage());
    }

    @Test
    void anEditSampleCarriesWhatItWasAskedToBecomeAndOnlyAnEditSampleDoes() {
        SampleDecoded edit = SampleDecoded.edit("s-2", "ck-1", "run-1", "mnist", "digit text",
                new SampleEdit("3", "8", EditDirection.LEARNED, 1.0), DecodingStrategy.GREEDY, "decoded");
        String json = EventJson.encodeToString(edit);
        assertTrue(json.contains("\"edit\":{\"fromLabel\":\"3\",\"toLabel\":\"8\",\"direction\":\"LEARNED\",\"strength\":1.0}"), json);
        assertEquals(EditDirection.LEARNED, EventJson.decode(json, SampleDecoded.class).edit().direction());

        assertSampleRefused(json.replaceFirst("\"edit\":\\{[^}]*}", "\"edit\":null"), "field 'edit'");
        assertSampleRefused(json.replace("\"kind\":\"EDIT\"", "\"kind\":\"REQUEST\""), "field 'edit'");
        assertSampleRefused(json.replace("\"toLabel\":\"8\"", "\"toLabel\":\" \""), "field 'edit.toLabel' must not be blank");
        assertSampleRefused(json.replace("\"strength\":1.0", "\"strength\":1e9"), "field 'edit.strength' must be in");
    }

    @Test
    void aSampleSaysHowItWasDecodedAndOneWrittenBeforeThatWasGreedy() {
        SampleDecoded guided = SampleDecoded.of("s-1", "ck-1", "run-1", "python-lines", SampleKind.REQUEST, 0.5, "rq-1",
                "a", "b", null, "c").decodedBy(DecodingStrategy.GUIDED);
        String json = EventJson.encodeToString(guided);
        assertTrue(json.contains("\"decoding\":\"guided\""), json);
        assertEquals(DecodingStrategy.GUIDED, EventJson.decode(json, SampleDecoded.class).decoding());

        String older = json.replace(",\"decoding\":\"guided\"", "");
        assertEquals(DecodingStrategy.GREEDY, EventJson.decode(older, SampleDecoded.class).decoding(), older);
        assertSampleRefused(json.replace("\"decoding\":\"guided\"", "\"decoding\":\"psychic\""), "options.strategy");
    }

    private static void assertSampleRefused(String json, String expected) {
        assertRefused(json, SampleDecoded.class, expected);
    }

    private static ProbeItem item(String text) {
        return new ProbeItem(text, "label-" + text, new float[] {1f, 2f});
    }

    private static TrainingRequested request() {
        return TrainingRequested.of("run-1", DatasetSpec.of(DatasetKind.PYTHON_LINES), ModelSpec.preset("tiny"),
                null, 100, null, 50);
    }

    private static void assertReason(String json, String expected) {
        assertRefused(json, TrainingRequested.class, expected);
    }

    /** Decoding {@code json} as {@code type} is refused with a reason that says {@code expected}. */
    private static void assertRefused(String json, Class<? extends Event> type, String expected) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.decode(json, type));
        assertTrue(e.getMessage().contains(expected), "reason was: " + e.getMessage());
    }
}
