package tvae.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries (the Debian {@code postgresql} package, or {@code TVAE_PG_BIN}).
 * PostgreSQL refuses to run as root, so under root the server runs as the {@code postgres} system user via
 * {@code setpriv}, with its cluster in a directory that user owns; a normal user runs it directly.
 */
public final class PostgresServer implements AutoCloseable {
    /** The services' role: owns the application database, nothing more (no superuser, no CREATEDB, no CREATEROLE). */
    public static final String USER = "tvae";
    public static final String DATABASE = "tvae";
    /** The cluster's superuser, for set-up and tests only; the services never get its password. */
    public static final String ADMIN = "tvae_admin";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path clusterDirectory;
    private final Path binDirectory;
    private final int port;
    private final boolean durable;
    private final StackSecrets secrets;
    private ManagedProcess process;

    private PostgresServer(Path clusterDirectory, Path binDirectory, int port, boolean durable, StackSecrets secrets) {
        this.clusterDirectory = clusterDirectory;
        this.binDirectory = binDirectory;
        this.port = port;
        this.durable = durable;
        this.secrets = secrets;
    }

    /**
     * Initialises the cluster if new and starts the server. {@code durable=false} turns fsync off, which is what tests
     * want (a crash of the whole machine is not what they test); the launcher keeps it on.
     */
    public static PostgresServer start(Path clusterDirectory, int port, boolean durable, StackSecrets secrets) throws IOException {
        PostgresServer server = new PostgresServer(clusterDirectory, findBinaries(), Ports.resolve(port, "PostgreSQL"), durable, secrets);
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

    /** A connection as the services' role {@link #USER}, as a psql user of the application would have. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, secrets.databasePassword());
    }

    /** A connection as the cluster's superuser to {@code database}, for set-up that the application role may not do. */
    public Connection connectAsAdmin(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, ADMIN,
                secrets.databaseAdminPassword());
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
        if (Files.exists(clusterDirectory.resolve("PG_VERSION")) && !trustsEveryone()) {
            return;
        }
        if (Files.exists(clusterDirectory)) {
            // A cluster from before password authentication: kept aside, not deleted, and a new one made beside it.
            Path aside = clusterDirectory.resolveSibling(clusterDirectory.getFileName() + "-trust-" + System.currentTimeMillis());
            Files.move(clusterDirectory, aside);
            System.out.println("PostgreSQL cluster without passwords moved to " + aside + "; a new one with scram-sha-256 is made");
        }
        Files.createDirectories(clusterDirectory, OWNER_ONLY_DIRECTORY);
        Path passwordFile = Files.createTempFile(clusterDirectory.getParent(), "initdb", ".pw", OWNER_ONLY_FILE);
        try {
            Files.writeString(passwordFile, secrets.databaseAdminPassword());
            if (isRoot()) {
                UserPrincipalLookupService users = clusterDirectory.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(clusterDirectory, users.lookupPrincipalByName("postgres"));
                Files.setOwner(passwordFile, users.lookupPrincipalByName("postgres"));
            }
            ManagedProcess.run(asServerUser(List.of(binDirectory.resolve("initdb").toString(), "-D", clusterDirectory.toString(),
                    "-A", "scram-sha-256", "-U", ADMIN, "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync")),
                    Duration.ofSeconds(120));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private boolean trustsEveryone() throws IOException {
        Path hba = clusterDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream()
                .anyMatch(line -> !line.strip().startsWith("#") && line.strip().endsWith("trust"));
    }

    /**
     * Waits until the server takes a superuser login, then makes sure the application role exists with the stack's
     * password and owns its database. Passwords are base64url, so quoting them as SQL literals is safe.
     */
    private void awaitAcceptsQueries() throws IOException {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        while (true) {
            try (Connection admin = connectAsAdmin("postgres"); Statement sql = admin.createStatement()) {
                String password = literal(secrets.databasePassword());
                try (ResultSet role = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                    sql.execute((role.next() ? "ALTER ROLE " : "CREATE ROLE ") + USER
                            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + password);
                }
                try (ResultSet database = sql.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                    if (!database.next()) {
                        sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                    }
                }
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("PostgreSQL on port " + port + " does not accept queries; log:\n" + process.logTail(), e);
                }
                ManagedProcess.sleep(200);
            }
        }
    }

    private static String literal(String password) {
        if (!password.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("a stack password must be base64url (it is quoted into SQL)");
        }
        return "'" + password + "'";
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
