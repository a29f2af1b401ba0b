package tvae.inference.serving;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic directions learnt with a checkpoint (POST /directions), by checkpoint and name: a direction means nothing
 * in another model's latent space. In memory and bounded: past {@link #MAX_DIRECTIONS} the oldest is forgotten, so
 * no caller can grow the heap; a restart forgets them all (they are cheap to learn again).
 */
@ApplicationScoped
public class DirectionStore {
    static final int MAX_DIRECTIONS = 256;

    private final Map<String, float[][]> directions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[][]> eldest) {
            return size() > MAX_DIRECTIONS;
        }
    };

    synchronized void put(String checkpointId, String name, float[][] direction) {
        String key = key(checkpointId, name);
        directions.remove(key);   // a direction learnt again counts as new
        directions.put(key, direction);
    }

    synchronized Optional<float[][]> get(String checkpointId, String name) {
        return Optional.ofNullable(directions.get(key(checkpointId, name)));
    }

    /** The names learnt with {@code checkpointId}, oldest first. */
    synchronized List<String> names(String checkpointId) {
        String prefix = checkpointId + "\n";
        List<String> names = new ArrayList<>();
        directions.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(key -> names.add(key.substring(prefix.length())));
        return names;
    }

    private static String key(String checkpointId, String name) {
        return checkpointId + "\n" + name;
    }
}
