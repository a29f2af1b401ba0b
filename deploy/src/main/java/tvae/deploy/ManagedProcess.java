package tvae.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process (the broker, the database) run under a watchdog that ends it when this JVM dies, with its output
 * in a log file. Stopping is graceful with the server's own stop signal; {@link #kill()} is the crash of a fault test.
 */
public final class ManagedProcess {
    private static final Path WATCHDOG = extractWatchdog();

    private final String name;
    private final Process watchdog;
    private final Path logFile;

    private ManagedProcess(String name, Process watchdog, Path logFile) {
        this.name = name;
        this.watchdog = watchdog;
        this.logFile = logFile;
    }

    static ManagedProcess start(String name, List<String> command, String stopSignal, Path logFile) throws IOException {
        return start(name, command, Map.of(), stopSignal, logFile);
    }

    /** {@code environment} is added to this JVM's: where secrets go, since a command line is visible to every user. */
    static ManagedProcess start(String name, List<String> command, Map<String, String> environment, String stopSignal,
            Path logFile) throws IOException {
        List<String> full = new ArrayList<>(List.of("bash", WATCHDOG.toString(), Long.toString(ProcessHandle.current().pid()), stopSignal));
        full.addAll(command);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new ManagedProcess(name, process, logFile);
    }

    /** This JVM's own {@code java}: what every child JVM (broker, services, benchmark runs) is started with. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * How long a start-up (a port, a readiness check) may take before it is called hung. Only a guard against a hang:
     * a process that dies fails at once, and a slow machine must never reach it, so it is far longer than any start.
     */
    public static final Duration START_GUARD = Duration.ofMinutes(10);

    /** Waits until the port accepts connections; fails early, with the log's tail, if the process died. */
    void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!watchdog.isAlive()) {
                throw new IllegalStateException(name + " exited before it listened on port " + port + "; log " + logFile + ":\n" + logTail());
            }
            if (isListening(port)) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout + "; log " + logFile + ":\n" + logTail());
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The watchdog exits soon after its server does; right after the start it may not have forked the server yet,
     * which is not death.
     */
    boolean isAlive() {
        return watchdog.isAlive() && server().map(ProcessHandle::isAlive).orElse(true);
    }

    /** Graceful stop; returns when the server has exited. */
    void stop() {
        watchdog.destroy();
        try {
            if (!watchdog.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL to the server itself, as a crash would; the watchdog then exits too. */
    void kill() {
        server().ifPresent(ProcessHandle::destroyForcibly);
        server().ifPresent(p -> p.onExit().join());
        watchdog.destroyForcibly();
        try {
            watchdog.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal (STOP, CONT, ...) to the server itself, as kill(1) would. */
    void signal(String name) throws IOException {
        long pid = server().orElseThrow(() -> new IllegalStateException("no server process to send SIG" + name)).pid();
        run(List.of("kill", "-" + name, String.valueOf(pid)), Duration.ofSeconds(10));
    }

    /**
     * The watchdog's child that is the server, not one of the short {@code sleep}s it polls with (which may not even
     * have become {@code sleep} yet): the server is its oldest child.
     */
    private Optional<ProcessHandle> server() {
        return watchdog.toHandle().children().min(Comparator
                .comparing((ProcessHandle child) -> child.info().startInstant().orElse(Instant.MAX))
                .thenComparingLong(ProcessHandle::pid));
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static String run(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes());
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IOException("failed (exit " + process.exitValue() + "): " + String.join(" ", command) + "\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path extractWatchdog() {
        try (InputStream in = ManagedProcess.class.getResourceAsStream("watchdog.sh")) {
            Path file = Files.createTempFile("tvae-watchdog", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the process watchdog", e);
        }
    }
}
