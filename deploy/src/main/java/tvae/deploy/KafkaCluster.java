package tvae.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A real Apache Kafka cluster in KRaft mode on loopback: one node ({@link KafkaNode}, broker and controller in one JVM)
 * or more, each a separate process run from the broker's own Maven Central artifacts. With three nodes or more every
 * topic has three replicas and takes a write only when two have it ({@link TopicSetup#minInSync}), so one node can die
 * without losing an acknowledged record or stopping anyone. Storage survives {@link #stop()}/{@link #start()}.
 *
 * <p>Every client logs in with SASL/SCRAM-SHA-512 and may do only what an ACL allows ({@link KafkaAccess}); the
 * controller listener takes only {@link #ADMIN}, with PLAIN. {@link #ADMIN}'s credential is written into the storage
 * when it is formatted, the other principals' by {@link #setUsers(Map)} once the cluster runs.
 */
public final class KafkaCluster implements AutoCloseable {
    /** Checkpoint chunks are below this; the broker and producers are configured to allow it. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** The broker's super user: the broker itself (inter-broker and controller connections) and the stack's set-up. */
    public static final String ADMIN = "admin";
    static final String MECHANISM = "SCRAM-SHA-512";
    /** The listener clients and the broker itself use; CONTROLLER is the other. */
    static final String CLIENT_LISTENER = "CLIENT";
    /** Replicas per topic on a cluster of three nodes or more. */
    static final int MAX_REPLICATION = 3;

    private final List<KafkaNode> nodes;
    private final String adminPassword;

    private KafkaCluster(List<KafkaNode> nodes, String adminPassword) {
        this.nodes = List.copyOf(nodes);
        this.adminPassword = adminPassword;
    }

    /** A single node: {@link #start(Path, int, int, String)} with one. */
    public static KafkaCluster start(Path directory, int port, String adminPassword) throws IOException {
        return start(directory, 1, port, adminPassword);
    }

    /**
     * Formats each node's storage if new (with {@link #ADMIN}'s credential), starts every node and waits until the
     * cluster answers with all of them.
     * @param port the first node's client port (the next nodes take the ports after it), or 0 for free ports
     */
    public static KafkaCluster start(Path directory, int size, int port, String adminPassword) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one broker, was asked for " + size);
        }
        List<KafkaNode> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            // One node keeps the layout single-broker stacks always had; more nodes get a directory each.
            Path nodeDirectory = size == 1 ? directory : directory.resolve("node-" + id);
            int clientPort = Ports.resolve(port == 0 ? 0 : port + id - 1, "Kafka broker " + id);
            nodes.add(new KafkaNode(nodeDirectory, id, clientPort, Ports.resolve(0, "the Kafka controller " + id)));
        }
        KafkaCluster cluster = new KafkaCluster(nodes, adminPassword);
        String clusterId = clusterId(directory);
        for (KafkaNode node : nodes) {
            node.format(cluster.settings(node), clusterId, adminPassword);
        }
        cluster.start();
        return cluster;
    }

    /** The cluster's id, made once and kept beside the nodes, so every node's storage is formatted for the same cluster. */
    private static String clusterId(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.writeString(file, Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    public String bootstrapServers() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** What a Kafka client needs to log in as {@code principal}: bootstrap servers and SASL/SCRAM settings. */
    public Map<String, Object> clientProperties(String principal, String password) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, scramLogin(principal, password));
    }

    /** {@link #clientProperties} of {@link #ADMIN}, who may do everything: the stack's set-up and the tests' own clients. */
    public Map<String, Object> adminClientProperties() {
        return clientProperties(ADMIN, adminPassword);
    }

    /** The first node's client port. */
    public int port() {
        return nodes.get(0).port();
    }

    /** How many nodes the cluster has. */
    public int size() {
        return nodes.size();
    }

    /** Replicas per topic: every node, up to {@link #MAX_REPLICATION}. */
    public int replicationFactor() {
        return Math.min(MAX_REPLICATION, nodes.size());
    }

    /** Starts every node that is not running (they elect a controller among themselves) and waits until all answer. */
    public synchronized void start() throws IOException {
        for (KafkaNode node : nodes) {
            if (!node.isRunning()) {
                node.launch(settings(node));
            }
        }
        nodes.forEach(KafkaNode::awaitPort);
        awaitAllNodes();
    }

    /** Graceful shutdown of every node; records already acknowledged stay on disk. */
    public synchronized void stop() {
        nodes.forEach(KafkaNode::stop);
    }

    /** SIGKILL to every node, as in a crash. */
    public synchronized void kill() {
        nodes.forEach(KafkaNode::kill);
    }

    /** SIGKILL to one node (numbered from 1), as when one machine dies; the others go on. */
    public synchronized void killNode(int id) {
        node(id).kill();
    }

    /** Starts one node again and waits until the cluster counts it. */
    public synchronized void startNode(int id) throws IOException {
        KafkaNode node = node(id);
        if (!node.isRunning()) {
            node.launch(settings(node));
            node.awaitPort();
        }
        awaitAllNodes();
    }

    /** True while every node runs. */
    public synchronized boolean isRunning() {
        return nodes.stream().allMatch(KafkaNode::isRunning);
    }

    public synchronized boolean isRunning(int id) {
        return node(id).isRunning();
    }

    private KafkaNode node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("no Kafka node " + id + " in a cluster of " + nodes.size());
        }
        return nodes.get(id - 1);
    }

    /**
     * Creates the system's topics as {@link TopicPolicies} says, with {@link #replicationFactor()} replicas each, or
     * brings existing ones in line with it.
     * @return the existing topics it changed
     */
    public List<String> applyTopicPolicies() {
        try (Admin admin = admin()) {
            return TopicSetup.apply(admin, TopicPolicies.ALL, replicationFactor());
        }
    }

    /** Gives each principal its password (creating the SCRAM credential, or replacing it) and waits until the broker knows them. */
    public void setUsers(Map<String, String> passwords) {
        ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
        try (Admin admin = admin()) {
            await(admin.alterUserScramCredentials(passwords.entrySet().stream()
                    .map(user -> new UserScramCredentialUpsertion(user.getKey(), scram, user.getValue()))
                    .map(UserScramCredentialAlteration.class::cast).toList()).all(), "set SCRAM users");
            // The controller has them now; the broker that checks logins learns them from its metadata a moment later.
            awaitTrue(() -> await(admin.describeUserScramCredentials().all(), "list SCRAM users").keySet()
                    .containsAll(passwords.keySet()), "the broker to know users " + passwords.keySet());
        }
    }

    /** Makes {@code wanted} the broker's only ACLs (adding what is missing, removing what is not wanted) and waits until they apply. */
    public void setAcls(Collection<AclBinding> wanted) {
        try (Admin admin = admin()) {
            Set<AclBinding> existing = new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "list ACLs"));
            List<AclBindingFilter> unwanted = existing.stream().filter(acl -> !wanted.contains(acl)).map(AclBinding::toFilter).toList();
            if (!unwanted.isEmpty()) {
                await(admin.deleteAcls(unwanted).all(), "delete ACLs");
            }
            List<AclBinding> missing = wanted.stream().filter(acl -> !existing.contains(acl)).toList();
            if (!missing.isEmpty()) {
                await(admin.createAcls(missing).all(), "create ACLs");
            }
            awaitTrue(() -> new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "list ACLs")).equals(Set.copyOf(wanted)),
                    "the broker to apply " + wanted.size() + " ACLs");
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Admin admin() {
        Map<String, Object> props = new LinkedHashMap<>(adminClientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        return await(future, Duration.ofSeconds(30), what);
    }

    /** The admin call's result, or an exception that says {@code what} failed; {@code guard} only stops a hang. */
    static <T> T await(KafkaFuture<T> future, Duration guard, String what) {
        try {
            return future.get(guard.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Polls until {@code condition} holds; the guard only stops a hang. */
    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            ManagedProcess.sleep(50);
        }
    }

    /**
     * The ports open before the controllers have elected a leader; a metadata round trip that lists every node proves
     * the cluster serves with all of them.
     */
    private void awaitAllNodes() {
        long deadline = System.nanoTime() + ManagedProcess.START_GUARD.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= nodes.size()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            ManagedProcess.sleep(200);
        }
        throw new IllegalStateException("the Kafka cluster on " + bootstrapServers() + " never answered with " + nodes.size()
                + " node(s); first node's log:\n" + nodes.get(0).logTail(), last);
    }

    /**
     * How the broker authenticates and authorizes: SCRAM-SHA-512 on {@link #CLIENT_LISTENER} (clients and the broker
     * itself), PLAIN for {@link #ADMIN} alone on the controller listener, ACLs with nothing allowed that no ACL
     * allows. Compose's broker sets the same (ComposeFileTest).
     */
    static Map<String, String> securitySettings(String adminPassword) {
        String listener = CLIENT_LISTENER.toLowerCase(Locale.ROOT);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT," + CLIENT_LISTENER + ":SASL_PLAINTEXT");
        settings.put("sasl.enabled.mechanisms", MECHANISM);
        settings.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        settings.put("listener.name." + listener + "." + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                scramLogin(ADMIN, adminPassword));
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + ADMIN + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:" + ADMIN);
        settings.put("allow.everyone.if.no.acl.found", "false");
        return settings;
    }

    private static String scramLogin(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal + "\" password=\""
                + password + "\";";
    }


    /** One node's server.properties (it holds the admin password; {@link KafkaNode} writes it owner-only). */
    private List<String> settings(KafkaNode node) {
        int replication = replicationFactor();
        int minInSync = TopicSetup.minInSync(replication);
        String voters = nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + voters,
                "listeners=" + CLIENT_LISTENER + "://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort(),
                "advertised.listeners=" + CLIENT_LISTENER + "://127.0.0.1:" + node.port()));
        securitySettings(adminPassword).forEach((key, value) -> lines.add(key + "=" + value));
        lines.addAll(List.of(
                "log.dirs=" + node.dataDirectory(),
                "num.partitions=1",
                // Every topic is created with its own policy (TopicPolicies); a typo in a topic name is an error, not a topic.
                "auto.create.topics.enable=false",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minInSync,
                "offsets.topic.replication.factor=" + replication,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minInSync,
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + MAX_MESSAGE_BYTES));
        return lines;
    }
}
