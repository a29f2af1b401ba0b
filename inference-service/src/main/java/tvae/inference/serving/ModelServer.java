package tvae.inference.serving;

import ai.djl.Device;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.decode.VaeModel;
import tvae.device.DeviceChoice;
import tvae.events.CheckpointPublished;
import tvae.inference.checkpoints.CheckpointIntakeSettings;

/**
 * Holds the model being served and swaps it for a newer checkpoint without dropping a request: the new model is
 * loaded and verified first (off the request path), then swapped in atomically; requests that started on the old
 * model finish on it, and the last of them closes it. A checkpoint that fails to load is refused and the previous
 * model keeps serving.
 */
@ApplicationScoped
public class ModelServer {
    private static final Logger LOG = Logger.getLogger(ModelServer.class);

    @Inject
    Event<ModelSwapped> swaps;

    @ConfigProperty(name = "tvae.device")
    String deviceName;

    @ConfigProperty(name = "tvae.serve")
    String initialSelection;

    @Inject
    CheckpointIntakeSettings intake;

    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    /** Verified checkpoint files on local disk, by id: what a selection can choose from. */
    private final Map<String, Available> available = new LinkedHashMap<>();
    private volatile ServingSelection selection = ServingSelection.LATEST;
    private volatile SwapRecord lastSwap;
    private Device device;

    private record Available(CheckpointPublished checkpoint, Path file) {
    }

    /** What the last swap took; the load test reports it. */
    public record SwapRecord(String checkpointId, String previousCheckpointId, double loadSeconds, double swapMillis) {
    }

    /** A request's hold on a model; close it when the request is done. */
    public static final class Lease implements AutoCloseable {
        private final ServedModel served;

        private Lease(ServedModel served) {
            this.served = served;
        }

        public VaeModel model() {
            return served.model();
        }

        public String checkpointId() {
            return served.checkpointId();
        }

        public CheckpointPublished checkpoint() {
            return served.checkpoint();
        }

        @Override
        public void close() {
            served.release();
        }
    }

    void onStart(@Observes StartupEvent event) {
        retention();   // a bad tvae.checkpoint-intake.keep-per-run stops the start, not the first prune
        device = DeviceChoice.resolve(deviceName);
        selection = ServingSelection.parse(initialSelection);
        LOG.infof("serving with %s, selection: %s", DeviceChoice.describe(device), selection.describe());
    }

    void onStop(@Observes ShutdownEvent event) {
        ServedModel served = current.getAndSet(null);
        if (served != null) {
            served.release();
        }
    }

    /** The model to answer one request with; throws {@link NoModelException} while there is none. */
    public Lease lease() {
        while (true) {
            ServedModel served = current.get();
            if (served == null) {
                throw new NoModelException(selection.pinnedRunId() == null
                        ? "no checkpoint loaded yet: train a run or wait for one to be published"
                        : "no checkpoint of pinned run '" + selection.pinnedRunId() + "' loaded yet");
            }
            if (served.tryLease()) {
                return new Lease(served);
            }
            // It was retired between get() and tryLease(): the next get() sees its successor.
        }
    }

    /**
     * A verified checkpoint file arrived; serve it if the selection now prefers it.
     * @throws IOException when it was the preferred one and could not be loaded (the previous model keeps serving)
     */
    public synchronized void offer(CheckpointPublished checkpoint, Path file) throws IOException {
        available.put(checkpoint.checkpointId(), new Available(checkpoint, file));
        try {
            serveChoice();
        } finally {
            prune();
        }
    }

    /** Offers many at once (the replay at start-up) and loads only the one the selection prefers. */
    public synchronized void offerAll(List<Map.Entry<CheckpointPublished, Path>> checkpoints) throws IOException {
        checkpoints.forEach(e -> available.put(e.getKey().checkpointId(), new Available(e.getKey(), e.getValue())));
        try {
            serveChoice();
        } finally {
            prune();
        }
    }

    /** What the local cache keeps ({@code tvae.checkpoint-intake.keep-per-run}). */
    public CheckpointRetention retention() {
        return new CheckpointRetention(intake.keepPerRun());
    }

    /** The verified files on local disk, so the feed can tell them from leftovers. */
    public synchronized Set<Path> availableFiles() {
        return available.values().stream().map(Available::file).collect(Collectors.toSet());
    }

    /** Keeps the cache to the newest few of each run and the served one (the served model is in memory already). */
    private void prune() {
        String servedId = Optional.ofNullable(current.get()).map(ServedModel::checkpointId).orElse(null);
        for (Available surplus : retention().surplus(List.copyOf(available.values()), Available::checkpoint, servedId)) {
            available.remove(surplus.checkpoint().checkpointId());
            deleteQuietly(surplus.file());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete checkpoint file %s: %s", file, e.getMessage());
        }
    }

    /** Changes what is served (HTTP); loads the chosen checkpoint now if it is on disk. */
    public synchronized Optional<String> select(ServingSelection newSelection) throws IOException {
        selection = newSelection;
        LOG.infof("selection changed to %s", newSelection.describe());
        serveChoice();
        return Optional.ofNullable(current.get()).map(ServedModel::checkpointId);
    }

    public ServingSelection selection() {
        return selection;
    }

    public Optional<CheckpointPublished> served() {
        return Optional.ofNullable(current.get()).map(ServedModel::checkpoint);
    }

    public Optional<SwapRecord> lastSwap() {
        return Optional.ofNullable(lastSwap);
    }

    public synchronized List<CheckpointPublished> availableCheckpoints() {
        return available.values().stream().map(Available::checkpoint).toList();
    }

    /**
     * Serves what the selection chooses; a choice that fails to load is dropped (never tried again) and the next
     * best is tried, so a corrupt newest checkpoint leaves the previous one serving.
     * @throws IOException the first load failure, after falling back
     */
    private void serveChoice() throws IOException {
        IOException firstFailure = null;
        while (true) {
            Optional<CheckpointPublished> choice = selection.choose(available.values().stream().map(Available::checkpoint).toList());
            ServedModel serving = current.get();
            if (choice.isEmpty() || serving != null && serving.checkpointId().equals(choice.get().checkpointId())) {
                break;
            }
            Available chosen = available.get(choice.get().checkpointId());
            try {
                swapTo(chosen);
                break;
            } catch (IOException | RuntimeException e) {
                available.remove(chosen.checkpoint().checkpointId());
                deleteQuietly(chosen.file());
                LOG.errorf("checkpoint %s refused: %s", chosen.checkpoint().checkpointId(), e.getMessage());
                if (firstFailure == null) {
                    firstFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    private void swapTo(Available chosen) throws IOException {
        long started = System.nanoTime();
        VaeModel model = VaeModel.load(chosen.file(), device);
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        long swapStarted = System.nanoTime();
        ServedModel previous = current.getAndSet(new ServedModel(chosen.checkpoint(), model));
        double swapMillis = (System.nanoTime() - swapStarted) / 1e6;
        if (previous != null) {
            previous.release(); // the server's own lease; in-flight requests still hold theirs
        }
        lastSwap = new SwapRecord(chosen.checkpoint().checkpointId(), previous == null ? null : previous.checkpointId(),
                loadSeconds, swapMillis);
        LOG.infof("now serving %s (run %s, step %d): loaded in %.2f s, swapped in %.3f ms%s", chosen.checkpoint().checkpointId(),
                chosen.checkpoint().runId(), chosen.checkpoint().step(), loadSeconds, swapMillis,
                previous == null ? "" : ", " + previous.checkpointId() + " retires after its last request");
        swaps.fireAsync(new ModelSwapped(chosen.checkpoint()));
    }
}
