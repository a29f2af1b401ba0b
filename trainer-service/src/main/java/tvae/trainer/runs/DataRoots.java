package tvae.trainer.runs;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tvae.events.DatasetSpec;

/**
 * The directories a run's {@code dataset.path} may point into ({@code tvae.data.roots}). A path outside them is refused
 * before the file system is asked, and a path inside that leads out through a symbolic link is refused with the same
 * words, so a refusal never tells whether something exists elsewhere on the machine.
 */
@ApplicationScoped
public class DataRoots {
    @ConfigProperty(name = "tvae.data.roots")
    List<Path> roots;

    /** Why the request's dataset path may not be read, or empty when it may (or has none). */
    public Optional<String> refusal(DatasetSpec dataset) {
        if (dataset.path() == null) {
            return Optional.empty();
        }
        Path requested = Path.of(dataset.path()).toAbsolutePath().normalize();
        List<Path> allowed = roots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
        if (allowed.stream().noneMatch(requested::startsWith)) {
            return Optional.of(outside(allowed));
        }
        if (Files.exists(requested, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(requested)) {
            try {
                Path real = requested.toRealPath();
                boolean inside = false;
                for (Path root : allowed) {
                    inside |= Files.exists(root) && real.startsWith(root.toRealPath());
                }
                if (!inside) {
                    return Optional.of(outside(allowed));
                }
            } catch (IOException danglingOrUnreadable) {
                return Optional.of(outside(allowed));
            }
        }
        return Optional.empty();
    }

    private static String outside(List<Path> allowed) {
        return "field 'dataset.path' must lie inside a data root (tvae.data.roots: " + allowed + ")";
    }
}
