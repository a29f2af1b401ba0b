package tvae.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One of the three Quarkus services, run from its built quarkus-app with its configuration in the environment. */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final ManagedProcess process;
    private final StackSecrets secrets;

    private ServiceProcess(String name, int port, ManagedProcess process, StackSecrets secrets) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.secrets = secrets;
    }

    /**
     * Starts {@code root/name/target/quarkus-app}; {@code environment} holds configuration keys (e.g.
     * {@code kafka.bootstrap.servers}) passed as system properties; {@code secrets} go in the process' environment.
     */
    public static ServiceProcess start(Path root, String name, int port, Map<String, String> environment, StackSecrets secrets,
            Path logDirectory) throws IOException {
        return start(root, name, port, environment, secrets, logDirectory, 0);
    }

    /**
     * As {@link #start(Path, String, int, Map, StackSecrets, Path)}, at CPU priority {@code niceness} (0 to 19, as
     * nice(1) takes it; the service's own child processes, such as its CPython workers, inherit it).
     */
    public static ServiceProcess start(Path root, String name, int port, Map<String, String> environment, StackSecrets secrets,
            Path logDirectory, int niceness) throws IOException {
        return start(root, name, 1, port, environment, secrets, logDirectory, niceness);
    }

    /**
     * Replica {@code replica} (from 1) of a service: the same application and Kafka principal, its own port and log
     * ({@code name-2.log} for the second); what else it must not share (a cache directory) is in {@code environment}.
     */
    public static ServiceProcess start(Path root, String name, int replica, int port, Map<String, String> environment,
            StackSecrets secrets, Path logDirectory, int niceness) throws IOException {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -B install -DskipTests)");
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness is 0 to 19, was " + niceness);
        }
        String instance = replica == 1 ? name : name + "-" + replica;
        int actualPort = Ports.resolve(port, instance);
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(niceness)));
        }
        command.addAll(List.of(ManagedProcess.javaBinary(),
                "-Xmx3g", "-Dai.djl.offline=true", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dquarkus.http.port=" + actualPort));
        environment.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ManagedProcess process = ManagedProcess.start(instance, command, secrets.asEnvironment(name), "TERM",
                logDirectory.resolve(instance + ".log"));
        return new ServiceProcess(instance, actualPort, process, secrets);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A request to {@code path} on this service, logged in as the operator (who may do everything). */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", basicAuthorization(StackSecrets.OPERATOR,
                secrets.operatorKey()));
    }

    public static String basicAuthorization(String user, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** Ready means Quarkus' readiness check is UP: the service reaches its broker (and database). */
    public void awaitReady(Duration timeout) {
        awaitReadiness(response -> response.statusCode() == 200, "ready", timeout);
    }

    /**
     * Polls {@code /q/health/ready} until its answer satisfies {@code wanted}, and returns that answer; fails at once,
     * with the log's tail, if the process exits, and after {@code timeout} (a guard against a hang, not a bound).
     */
    public HttpResponse<String> awaitReadiness(Predicate<HttpResponse<String>> wanted, String what, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; its log:\n" + process.logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (wanted.test(response)) {
                    return response;
                }
                last = response.body();
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ManagedProcess.sleep(500);
        }
        throw new IllegalStateException(name + " not " + what + " after " + timeout + ": " + last + "\n" + process.logTail());
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Returns once the process is gone. */
    public void kill() {
        process.kill();
    }

    /** SIGSTOP: the process freezes (a long GC pause, a host that stalls) and misses its Kafka heartbeats. */
    public void pause() throws IOException {
        process.signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() throws IOException {
        process.signal("CONT");
    }

    /** False once the process was killed or exited. */
    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.stop();
    }
}
