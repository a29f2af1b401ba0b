package tvae.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries (the Debian {@code postgresql} package, or {@code TVAE_PG_BIN}).
 * PostgreSQL refuses to run as root, so under root the server runs as the {@code postgres} system user via
 * {@code setpriv}, with its cluster in a directory that user owns; a normal user runs it directly.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "tvae";
    public static final String DATABASE = "tvae";

    private final Path clusterDirectory;
    private final Path binDirectory;
    private final int port;
    private final boolean durable;
    private ManagedProcess process;

    private PostgresServer(Path clusterDirectory, Path binDirectory, int port, boolean durable) {
        this.clusterDirectory = clusterDirectory;
        this.binDirectory = binDirectory;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Initialises the cluster if new and starts the server. {@code durable=false} turns fsync off, which is what tests
     * want (a crash of the whole machine is not what they test); the launcher keeps it on.
     */
    public static PostgresServer start(Path clusterDirectory, int port, boolean durable) throws IOException {
        PostgresServer server = new PostgresServer(clusterDirectory, findBinaries(), Ports.resolve(port, "PostgreSQL"), durable);
        server.initialise();
        server.start();
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        List<String> command = asServerUser(List.of(binDirectory.resolve("postgres").toString(), "-D", clusterDirectory.toString(),
                "-p", Integer.toString(port), "-k", clusterDirectory.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=" + (durable ? "on" : "off"), "-c", "max_connections=100"));
        // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for connection pools to hang up.
        process = ManagedProcess.start("PostgreSQL", command, "INT", clusterDirectory.getParent().resolve("postgres.log"));
        process.awaitPort(port, ManagedProcess.START_GUARD);
        awaitAcceptsQueries();
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** SIGKILL to the postmaster, as in a crash; the next start recovers from the WAL. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void initialise() throws IOException {
        Files.createDirectories(clusterDirectory.getParent());
        if (Files.exists(clusterDirectory.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(clusterDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (isRoot()) {
            UserPrincipalLookupService users = clusterDirectory.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(clusterDirectory, users.lookupPrincipalByName("postgres"));
        }
        ManagedProcess.run(asServerUser(List.of(binDirectory.resolve("initdb").toString(), "-D", clusterDirectory.toString(),
                "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync")), Duration.ofSeconds(120));
    }

    private void awaitAcceptsQueries() throws IOException {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        while (true) {
            try {
                String exists = ManagedProcess.run(List.of(binDirectory.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                        Integer.toString(port), "-U", USER, "-d", "postgres", "-tAc",
                        "SELECT count(*) FROM pg_database WHERE datname = '" + DATABASE + "'"), Duration.ofSeconds(10)).trim();
                if (!exists.equals("1")) {
                    ManagedProcess.run(List.of(binDirectory.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
                            Integer.toString(port), "-U", USER, DATABASE), Duration.ofSeconds(30));
                }
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("PostgreSQL on port " + port + " does not accept queries; log:\n" + process.logTail(), e);
                }
                ManagedProcess.sleep(200);
            }
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path findBinaries() throws IOException {
        String configured = System.getenv("TVAE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                        .max(Comparator.comparingInt(bin -> versionOf(bin.getParent())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries found: install the Debian package 'postgresql' "
                + "(apt-get install postgresql) or set TVAE_PG_BIN to the directory holding 'postgres' and 'initdb'");
    }

    private static int versionOf(Path directory) {
        try {
            return Integer.parseInt(directory.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
