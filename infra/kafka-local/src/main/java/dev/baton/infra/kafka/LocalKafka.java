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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
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

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final List<TopicSpec> topics;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private LocalKafka(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
        this.topics = List.copyOf(builder.topics);
        this.overrides = Map.copyOf(builder.overrides);
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
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
        props.putAll(overrides);
        return props;
    }

    private void format(Path config) {
        // Formatted before: keep the data, and the cluster id it was formatted with.
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final String[] args = {
            "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone", "--ignore-formatted"
        };
        final int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args, out);
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
