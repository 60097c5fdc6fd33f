package dev.baton.infra.kafka;

import dev.baton.contracts.catalog.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), built
 * from the Maven Central jars: no Docker, no download. It formats its storage on first start,
 * keeps its data in the folder it is given, and finds that data again on the next start.
 *
 * <p>Used by {@code ./baton up} (through {@link LocalKafkaMain}, in its own JVM) and by the
 * integration tests (in the test JVM).
 */
public final class LocalKafka implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String PROXIED = "PROXIED";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final List<TopicSpec> topics;
    private final Map<String, String> overrides;
    /** SCRAM users and their passwords when the broker asks clients to authenticate; empty otherwise. */
    private final Map<String, String> users;

    private final List<AclBinding> acls;
    /** A second listener's port and the port it advertises (a test's proxy in front of it); 0 for none. */
    private final int proxiedPort;

    private final int proxiedAdvertisedPort;
    private KafkaRaftServer server;

    private LocalKafka(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
        this.topics = List.copyOf(builder.topics);
        this.overrides = Map.copyOf(builder.overrides);
        this.users = Map.copyOf(builder.users);
        this.acls = List.copyOf(builder.acls);
        this.proxiedPort = builder.proxiedPort;
        this.proxiedAdvertisedPort = builder.proxiedAdvertisedPort;
        if (proxiedPort > 0 && !builder.users.isEmpty()) {
            throw new IllegalArgumentException("a proxied listener is plaintext; it cannot go with SCRAM users");
        }
        if (!users.isEmpty() && !users.containsKey(Scram.ADMIN)) {
            throw new IllegalArgumentException("a broker with SCRAM users needs its own, " + Scram.ADMIN);
        }
    }

    /** Whether clients must authenticate (SASL/SCRAM-SHA-512) and are held to ACLs. */
    public boolean secured() {
        return !users.isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats the storage if it is new, starts the broker, waits until it answers, creates the topics. */
    public synchronized LocalKafka start() {
        if (server != null) {
            return this;
        }
        final Properties props = brokerProperties();
        final Path config = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by Baton's LocalKafka on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        format(config);
        final KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        try (Admin admin = admin()) {
            TopicInstaller.awaitBroker(admin, Duration.ofSeconds(60));
            TopicInstaller.ensure(admin, topics);
            if (secured()) {
                installUsersAndAcls(admin);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** An admin client for this broker (its own super user, when secured); the caller closes it. */
    public Admin admin() {
        final Map<String, Object> settings = new java.util.HashMap<>(clientSettings(Scram.ADMIN));
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(settings);
    }

    /** How {@code user} reaches this broker: nothing to add on an open one, SASL/SCRAM on a secured one. */
    public Map<String, Object> clientSettings(String user) {
        if (!secured()) {
            return Map.of();
        }
        final String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SCRAM user " + user + " on this broker");
        }
        return Scram.clientSettings(user, password);
    }

    /** Every user but the broker's own (made at format), then the ACLs. */
    private void installUsersAndAcls(Admin admin) {
        final List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        users.forEach((user, password) -> {
            if (!user.equals(Scram.ADMIN)) {
                upserts.add(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
            }
        });
        try {
            if (!upserts.isEmpty()) {
                admin.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            }
            // The controller has them; the broker applies its metadata a moment later, and until it
            // has, a user would be refused. Started means usable: wait until the broker knows them.
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (admin.describeUserScramCredentials()
                                    .all()
                                    .get(60, TimeUnit.SECONDS)
                                    .size()
                            < users.size() - 1
                    || admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get(60, TimeUnit.SECONDS)
                                    .size()
                            < acls.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not take its SCRAM users and ACLs within 60 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing users and ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot install SCRAM users and ACLs: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties brokerProperties() {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        final String listener = secured() ? Scram.PROTOCOL : "PLAINTEXT";
        props.put("listeners", listener + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", listener + "://" + HOST + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", listener);
        props.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        if (proxiedPort > 0) {
            // A client that bootstraps through the proxy is told the broker is at the proxy, so
            // every connection it makes goes through it, and the proxy can cut it off.
            props.put("listeners", props.get("listeners") + "," + PROXIED + "://" + HOST + ":" + proxiedPort);
            props.put(
                    "advertised.listeners",
                    props.get("advertised.listeners") + "," + PROXIED + "://" + HOST + ":" + proxiedAdvertisedPort);
            props.put(
                    "listener.security.protocol.map",
                    props.get("listener.security.protocol.map") + "," + PROXIED + ":PLAINTEXT");
        }
        if (secured()) {
            // Clients authenticate with SCRAM-SHA-512 and are held to their ACLs; the broker talks to
            // itself as its own super user, and its controller listener (loopback only) is trusted.
            props.put("sasl.enabled.mechanisms", Scram.MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", Scram.MECHANISM);
            props.put(
                    "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                    Scram.jaas(Scram.ADMIN, users.get(Scram.ADMIN)));
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("super.users", "User:" + Scram.ADMIN + ";User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("auto.create.topics.enable", "false");
        // One broker: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "12");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // No point waiting for more group members on a single-node dev broker.
        props.put("group.initial.rebalance.delay.ms", "0");
        // A transaction left open by a killed instance is aborted within a second of its timeout,
        // not up to 10 s later (the default sweep): until then it holds back every read-committed
        // reader of the partitions it wrote. docs/running.md, "Instances".
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        props.putAll(overrides);
        return props;
    }

    private void format(Path config) {
        // Formatted before: keep the data, and the cluster id it was formatted with.
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--standalone",
                "--ignore-formatted"));
        if (secured()) {
            // The broker's own user must exist before it starts: it authenticates to itself with it.
            args.addAll(List.of(
                    "--add-scram",
                    Scram.MECHANISM + "=[name=" + Scram.ADMIN + ",password=" + users.get(Scram.ADMIN) + "]"));
        }
        final int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
        if (exit != 0) {
            throw new IllegalStateException(
                    "cannot format Kafka storage in " + dataDir + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public static final class Builder {
        private Path dataDir;
        private int port = 9092;
        private int controllerPort;
        private List<TopicSpec> topics = List.of();
        private final java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, String> users = new java.util.LinkedHashMap<>();
        private List<AclBinding> acls = List.of();
        private int proxiedPort;
        private int proxiedAdvertisedPort;

        /**
         * A second plaintext listener on {@code port} that advertises {@code advertisedPort}: a TCP
         * proxy there, in front of it, carries every connection of the clients that bootstrap
         * through it (the end-to-end tests cut one service off the broker with it).
         */
        public Builder proxiedListener(int port, int advertisedPort) {
            this.proxiedPort = port;
            this.proxiedAdvertisedPort = advertisedPort;
            return this;
        }

        /**
         * Clients must authenticate with SASL/SCRAM-SHA-512 as one of these users (name to password,
         * {@link Scram#ADMIN} among them) and are held to {@code acls}: none but a super user may
         * do anything the ACLs do not allow.
         */
        public Builder scram(Map<String, String> passwords, List<AclBinding> bindings) {
            users.putAll(passwords);
            acls = List.copyOf(bindings);
            return this;
        }

        /** Where the broker keeps its data; it finds it again there on the next start. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client port; 0 picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The controller port; 0 (the default) picks a free one. Keep it fixed for a data folder reused across runs. */
        public Builder controllerPort(int value) {
            this.controllerPort = value;
            return this;
        }

        /** Topics to create if they do not exist yet. */
        public Builder topics(List<TopicSpec> specs) {
            this.topics = specs;
            return this;
        }

        /** Any broker setting, over the defaults. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public LocalKafka build() {
            Objects.requireNonNull(dataDir, "dataDir");
            return new LocalKafka(this);
        }
    }
}
