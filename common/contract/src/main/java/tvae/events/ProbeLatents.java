package tvae.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Latent codes of the labelled probe set under one checkpoint. Key: checkpointId. */
public record ProbeLatents(int schemaVersion, String type, String eventId, Instant timestamp,
                           String checkpointId, String runId, String probeSet, List<ProbeItem> items) implements Event {
    public static final String TYPE = "ProbeLatents";

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
    }

    public static ProbeLatents of(String checkpointId, String runId, String probeSet, List<ProbeItem> items) {
        return new ProbeLatents(SCHEMA_VERSION, TYPE, UUID.randomUUID().toString(), Instant.now(),
                checkpointId, runId, probeSet, items);
    }
}
