package tvae.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Latent codes of the labelled probe set under one checkpoint, or one part of them: a probe of 2,000 items is about
 * 7 MB of JSON, past what one record may hold (2 MiB), so it travels as {@code parts} events numbered from 0, which
 * the evaluator gathers before measuring. {@code part} and {@code parts} are absent in single-event probes (and in
 * events written before parts existed). Key: checkpointId, so every part of a probe lands on one partition.
 */
public record ProbeLatents(int schemaVersion, String type, String eventId, Instant timestamp,
                           String checkpointId, String runId, String probeSet, List<ProbeItem> items,
                           Integer part, Integer parts) implements Event {
    public static final String TYPE = "ProbeLatents";
    /** More parts than this is not a probe but a flood. */
    public static final int MAX_PARTS = 64;

    public ProbeLatents {
        Require.header(schemaVersion, type, TYPE, eventId, timestamp);
        Require.text(checkpointId, "checkpointId");
        Require.text(runId, "runId");
        Require.text(probeSet, "probeSet");
        items = List.copyOf(Require.nonEmpty(items, "items"));
        int width = items.get(0).latent().length;
        for (ProbeItem item : items) {
            if (item.latent().length != width) {
                throw new InvalidEventException("field 'items[].latent' must have the same length in every item");
            }
        }
        if ((part == null) != (parts == null)) {
            throw new InvalidEventException("fields 'part' and 'parts' come together or not at all");
        }
        if (parts != null) {
            Require.within(parts, 1, MAX_PARTS, "parts");
            Require.within(part, 0, parts - 1, "part");
        }
    }

    /** The whole probe in one event. */
    public static ProbeLatents of(String checkpointId, String runId, String probeSet, List<ProbeItem> items) {
        return new ProbeLatents(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                checkpointId, runId, probeSet, items, null, null);
    }

    /** The probe in events of at most {@code partItems} items each, numbered in item order. */
    public static List<ProbeLatents> inParts(String checkpointId, String runId, String probeSet, List<ProbeItem> items,
                                             int partItems) {
        int parts = (items.size() + partItems - 1) / partItems;
        List<ProbeLatents> events = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            events.add(new ProbeLatents(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(), checkpointId,
                    runId, probeSet, items.subList(p * partItems, Math.min(items.size(), (p + 1) * partItems)), p, parts));
        }
        return events;
    }

    /** How many events this probe travels in: 1 for a single-event probe. */
    public int partCount() {
        return parts == null ? 1 : parts;
    }
}
