package tvae.events;

import java.time.Instant;

/**
 * What every event on the wire carries (design §3): a schema version, its type name, an id and a timestamp.
 * Records implementing this validate themselves in their constructor, so an invalid event never exists in memory.
 */
public interface Event {
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String type();

    String eventId();

    Instant timestamp();
}
