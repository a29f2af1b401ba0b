package tvae.inference.checkpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import tvae.events.CheckpointPublished;
import tvae.inference.serving.ModelServer;
import tvae.transfer.CheckpointAssembler;

/**
 * The pass over the checkpoint topics up to the offsets they had when it began: its complete checkpoints are collected
 * rather than served one by one, and only those the server's retention would keep stay on disk (a topic can hold a
 * long history), so after a restart the newest checkpoint is served without any trainer, and only that one is loaded.
 */
final class CheckpointReplay {
    private final ModelServer server;
    private final Map<TopicPartition, Long> end;
    private final List<Map.Entry<CheckpointPublished, Path>> complete = new ArrayList<>();

    CheckpointReplay(ModelServer server, Map<TopicPartition, Long> end) {
        this.server = server;
        this.end = Map.copyOf(end);
    }

    /** Whether {@code consumer} has read every partition up to where the replay ends. */
    boolean reachedEnd(Consumer<?, ?> consumer) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    void add(CheckpointAssembler.Outcome checkpoint) throws IOException {
        complete.add(new AbstractMap.SimpleEntry<>(checkpoint.published(), checkpoint.file()));
        Set<Path> serverFiles = server.availableFiles();
        for (Map.Entry<CheckpointPublished, Path> surplus : server.retention().surplus(List.copyOf(complete),
                Map.Entry::getKey, server.served().map(CheckpointPublished::checkpointId).orElse(null))) {
            complete.remove(surplus);
            if (!serverFiles.contains(surplus.getValue())) {
                Files.deleteIfExists(surplus.getValue());
            }
        }
    }

    /** The complete checkpoints kept, in the order they arrived. */
    List<Map.Entry<CheckpointPublished, Path>> checkpoints() {
        return List.copyOf(complete);
    }
}
