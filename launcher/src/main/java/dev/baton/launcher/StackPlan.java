package dev.baton.launcher;

import dev.baton.identity.LocalIdentity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one definition of a local Baton stack: which processes run, with which jar, JVM options,
 * environment, port, log file and readiness check, and in which order they start and stop. Both
 * {@code ./baton up} and the end-to-end tests start what this describes; it starts nothing itself
 * ({@link Stack} does), so every decision here can be tested without a process.
 *
 * <p>The broker starts alone (the services need their topics), then the services together, then
 * the demo; they stop in the reverse order, the services together. A service may run as several
 * replicas: replica {@code i} listens on the service's port + {@value #REPLICA_PORT_STEP} x (i - 1),
 * is named {@code <service>-<i>} (its log file too), advertises {@code 127.0.0.1:<its port>} to the
 * others ({@code BATON_ADVERTISED_HOST}), and has an instance id ({@code BATON_INSTANCE_ID}) and a
 * data folder ({@code DATA_DIR/<service>-<i>}) of its own. A service that runs once keeps the plain
 * name and the stack's data folder, as it always has.
 */
public final class StackPlan {

    public static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(120);
    /** How long a process gets to stop on SIGTERM before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Ports of a service's replicas lie this far apart, so 8080, 8090, ... never meet 8081, 8091, .... */
    public static final int REPLICA_PORT_STEP = 10;

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_PARTITIONS = 12;
    /** The writer's schedule under {@code --demo}, unless one is set: a short day, a post every 2 minutes. */
    public static final String DEMO_WRITER_SCHEDULE = "PT2M";
    /** What the broker writes to its log once it serves and its topics exist. */
    public static final String KAFKA_READY_LINE = "baton.kafka status=ready";

    /** How the services reach a secured local broker (kafka-local's listener and mechanism). */
    public static final String KAFKA_SECURITY_PROTOCOL = "SASL_PLAINTEXT";

    public static final String KAFKA_SASL_MECHANISM = "SCRAM-SHA-512";

    public static final String READINESS_PATH = "/q/health/ready";

    static final List<String> KAFKA_JVM = List.of("-Xmx1g");
    static final List<String> SERVICE_JVM = List.of("-Xmx512m");
    /** Small: the demo is a few HTTP clients, and it shares the machine with everything else. */
    static final List<String> DEMO_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC");

    private final Path root;
    private final Path dataDir;
    private final Path logDir;
    private final String java;
    private final int kafkaPort;
    private final Map<Service, Integer> ports;
    private final int partitions;
    private final Map<Service, Integer> replicas;
    private final Map<String, String> settings;
    private final Map<Service, Map<String, String>> serviceSettings;
    private final Map<Replica, Map<String, String>> replicaSettings;
    private final boolean kafkaAuth;

    private StackPlan(Builder builder) {
        this.root = builder.root.toAbsolutePath().normalize();
        this.dataDir = builder.dataDir.toAbsolutePath().normalize();
        this.logDir = (builder.logDir != null ? builder.logDir : builder.dataDir.resolve("logs"))
                .toAbsolutePath()
                .normalize();
        this.java = builder.java;
        this.kafkaPort = builder.kafkaPort;
        this.ports = Collections.unmodifiableMap(new EnumMap<>(builder.ports));
        this.partitions = builder.partitions;
        this.replicas = Collections.unmodifiableMap(new EnumMap<>(builder.replicas));
        this.settings = Map.copyOf(builder.settings);
        this.serviceSettings = copy(builder.serviceSettings);
        this.replicaSettings = copy(builder.replicaSettings);
        this.kafkaAuth = builder.kafkaAuth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Java launcher of this JVM: what runs the launcher runs the stack too. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Path root() {
        return root;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logDir() {
        return logDir;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public int partitions() {
        return partitions;
    }

    /** How many replicas of the service run (1 unless told otherwise). */
    public int replicas(Service service) {
        return replicas.getOrDefault(service, 1);
    }

    /** Every replica of every service, in start order (and the banner's). */
    public List<Replica> replicas() {
        final List<Replica> all = new ArrayList<>();
        for (Service service : Service.values()) {
            for (int n = 1; n <= replicas(service); n++) {
                all.add(new Replica(service, n));
            }
        }
        return all;
    }

    /** The replica, checked to be one that runs. */
    public Replica replica(Service service, int number) {
        if (number < 1 || number > replicas(service)) {
            throw new IllegalArgumentException(
                    service + " has no replica " + number + " (it runs " + replicas(service) + ")");
        }
        return new Replica(service, number);
    }

    /** {@code writer} for a service that runs once, {@code writer-2} for a replica of several. */
    public String name(Replica replica) {
        return replicas(replica.service()) > 1
                ? replica.toString()
                : replica.service().shortName();
    }

    /** {@code writer-service}, or {@code writer-service-2} for a replica of several. */
    public String moduleName(Replica replica) {
        return replicas(replica.service()) > 1
                ? replica.service().moduleName() + "-" + replica.number()
                : replica.service().moduleName();
    }

    /** The service's port plus {@value #REPLICA_PORT_STEP} for each replica before this one. */
    public int port(Replica replica) {
        return ports.get(replica.service()) + REPLICA_PORT_STEP * (replica.number() - 1);
    }

    public URI url(Replica replica) {
        return URI.create("http://127.0.0.1:" + port(replica));
    }

    /** Every instance's URL, comma-separated, as the clients read {@code BATON_CLAIM_URL} and the like. */
    public String urls(Service service) {
        final List<String> urls = new ArrayList<>();
        for (int n = 1; n <= replicas(service); n++) {
            urls.add(url(new Replica(service, n)).toString());
        }
        return String.join(",", urls);
    }

    /**
     * {@code DATA_DIR/instances.properties}: where an agent on this machine finds every instance of
     * each service ({@link #agentUrls}), written once the services answer and removed on the way
     * out. The command line reads it when nothing else says where the services are, so with
     * {@code --replicas 2} it still answers after one instance is killed.
     */
    public Path instancesFile() {
        return dataDir.resolve("instances.properties");
    }

    /** {@code BATON_BACKLOG_URL}, {@code BATON_CLAIM_URL}, {@code BATON_WRITER_URL}: every instance, comma-separated. */
    public Map<String, String> agentUrls() {
        final Map<String, String> urls = new LinkedHashMap<>();
        for (Service service : List.of(Service.BACKLOG, Service.CLAIM, Service.WRITER)) {
            urls.put(urlVariable(service), urls(service));
        }
        return urls;
    }

    /** The public key of the stack's identity ({@link LocalIdentity}, made by the {@link Stack} on start). */
    public Path verifyKey() {
        return dataDir.resolve("identity").resolve("verify-key.pem");
    }

    /** Whether the broker asks clients for SASL/SCRAM and holds them to their ACLs ({@code --kafka-auth}). */
    public boolean kafkaAuth() {
        return kafkaAuth;
    }

    /**
     * The SCRAM passwords of a secured broker, one per principal: the broker makes them on its
     * first secured start and reads them on every later one; {@link Stack} gives each service its own.
     */
    public Path kafkaUsers() {
        return dataDir.resolve("identity").resolve("kafka-users.properties");
    }

    /**
     * How the replica's Kafka clients authenticate on a secured broker: as its service's principal,
     * with that principal's password among {@code passwords} (the {@link #kafkaUsers} file). Nothing
     * on an open broker, nor for a service without Kafka clients.
     */
    public Map<String, String> kafkaClientSettings(Replica replica, Map<String, String> passwords) {
        final Optional<String> principal = replica.service().kafkaPrincipal();
        if (!kafkaAuth || principal.isEmpty()) {
            return Map.of();
        }
        final String user = principal.get();
        final String password = passwords.get(user);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("no Kafka password for " + user + " in " + kafkaUsers());
        }
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("BATON_KAFKA_SECURITY_PROTOCOL", KAFKA_SECURITY_PROTOCOL);
        env.put("BATON_KAFKA_SASL_MECHANISM", KAFKA_SASL_MECHANISM);
        env.put("BATON_KAFKA_SASL_JAAS_CONFIG", jaas(user, password));
        return env;
    }

    /** The SCRAM login of {@code user}, as the client setting {@code sasl.jaas.config} takes it. */
    public static String jaas(String user, String password) {
        for (String value : List.of(user, password)) {
            if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("a SCRAM user or password may not hold quotes or backslashes");
            }
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /**
     * What every process of the stack reads, the same for all: where the broker is, the data folder,
     * every port (replica 1's for a service of several), the partitions, how tokens are verified,
     * then the stack's settings.
     */
    public Map<String, String> environment() {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("BATON_KAFKA_BOOTSTRAP", bootstrapServers());
        env.put("BATON_DATA_DIR", dataDir.toString());
        env.put("BATON_KAFKA_PORT", Integer.toString(kafkaPort));
        for (Service service : Service.values()) {
            env.put(service.portVariable(), Integer.toString(port(new Replica(service, 1))));
        }
        env.put("BATON_PARTITIONS", Integer.toString(partitions));
        // Every service verifies callers' tokens with the stack's own key (docs/security.md).
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", verifyKey().toString());
        env.put("MP_JWT_VERIFY_ISSUER", LocalIdentity.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", LocalIdentity.AUDIENCE);
        env.putAll(settings);
        return env;
    }

    /**
     * A replica's environment: the stack's; for the writer and the MCP server, where the public API
     * they are agents of answers ({@code BATON_BACKLOG_URL}, {@code BATON_CLAIM_URL}: every instance,
     * comma-separated, as for any agent); for the MCP server and the backlog-service (its board's
     * devlog panel) where the writer answers ({@code BATON_WRITER_URL}, every instance); the
     * service's settings; for a replica of several its own port, instance id, advertised
     * address and data folder, and one standby copy of each Streams task unless the stack says
     * otherwise; then the replica's own settings (which win).
     */
    public Map<String, String> environment(Replica replica) {
        final Map<String, String> env = environment();
        if (replica.service() == Service.WRITER || replica.service() == Service.MCP) {
            env.put("BATON_BACKLOG_URL", urls(Service.BACKLOG));
            env.put("BATON_CLAIM_URL", urls(Service.CLAIM));
        }
        // The MCP server's devlog tools and the board's devlog panel ask the writer's public API.
        if (replica.service() == Service.MCP || replica.service() == Service.BACKLOG) {
            env.put("BATON_WRITER_URL", urls(Service.WRITER));
        }
        env.putAll(serviceSettings.getOrDefault(replica.service(), Map.of()));
        if (replicas(replica.service()) > 1) {
            final String name = name(replica);
            env.put(replica.service().portVariable(), Integer.toString(port(replica)));
            env.put("BATON_INSTANCE_ID", name);
            env.put("BATON_ADVERTISED_HOST", "127.0.0.1");
            env.put("BATON_DATA_DIR", dataDir.resolve(name).toString());
            // A warm copy of every task on another instance: one killed instance's partitions are
            // taken over without replaying their changelogs (docs/reliability.md, "Instances").
            env.putIfAbsent("BATON_STANDBY_REPLICAS", "1");
        }
        env.putAll(replicaSettings.getOrDefault(replica, Map.of()));
        return env;
    }

    /** The broker: alone on its port and the next (its controller), its data under {@code DATA_DIR/kafka}. */
    public ProcessSpec broker(Path jar) {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(KAFKA_JVM);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--port",
                Integer.toString(kafkaPort),
                "--controller-port",
                Integer.toString(kafkaPort + 1),
                "--data-dir",
                dataDir.resolve("kafka").toString(),
                "--partitions",
                Integer.toString(partitions)));
        if (kafkaAuth) {
            command.addAll(List.of("--users", kafkaUsers().toString()));
        }
        return new ProcessSpec(
                "kafka",
                command,
                environment(),
                root,
                log("kafka"),
                new Readiness.LogLine(KAFKA_READY_LINE, KAFKA_READY_TIMEOUT));
    }

    public ProcessSpec service(Replica replica, Path jar) {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(SERVICE_JVM);
        command.addAll(List.of("-jar", jar.toString()));
        return new ProcessSpec(
                name(replica),
                command,
                environment(replica),
                root,
                log(name(replica)),
                new Readiness.HttpOk(url(replica).resolve(READINESS_PATH), SERVICE_READY_TIMEOUT));
    }

    /**
     * The simulated agents of {@code --demo}; they find the services through the stack's environment:
     * the ports, or where a service runs several times, every instance's URL.
     */
    public ProcessSpec demo(Path jar) {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(DEMO_JVM);
        command.addAll(List.of("-jar", jar.toString()));
        final Map<String, String> env = environment();
        agentUrls().forEach((variable, urls) -> {
            if (urls.contains(",")) {
                env.put(variable, urls);
            }
        });
        return new ProcessSpec("demo", command, env, root, log("demo"), new Readiness.Started());
    }

    /** {@code BATON_BACKLOG_URL}, {@code BATON_CLAIM_URL}, {@code BATON_WRITER_URL}: where an agent finds a service. */
    static String urlVariable(Service service) {
        return "BATON_" + service.shortName().toUpperCase(Locale.ROOT) + "_URL";
    }

    /** Every port the stack will listen on, with what listens there, in the order a check names them. */
    public List<PortUse> ports() {
        final List<PortUse> uses = new ArrayList<>();
        uses.add(new PortUse(kafkaPort, "Kafka"));
        uses.add(new PortUse(kafkaPort + 1, "Kafka controller, the Kafka port + 1"));
        for (Replica replica : replicas()) {
            uses.add(new PortUse(port(replica), moduleName(replica)));
        }
        return uses;
    }

    public Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    /** A port and what of the stack listens on it. */
    public record PortUse(int port, String what) {}

    private static <K> Map<K, Map<String, String>> copy(Map<K, Map<String, String>> settings) {
        final Map<K, Map<String, String>> copy = new LinkedHashMap<>();
        settings.forEach((key, values) -> copy.put(key, Map.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    /** How to plan a stack; every setting but the folders has the default of {@code ./baton up}. */
    public static final class Builder {
        private Path root;
        private Path dataDir;
        private Path logDir;
        private String java = currentJava();
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
        private int partitions = DEFAULT_PARTITIONS;
        private final Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<Service, Map<String, String>> serviceSettings = new EnumMap<>(Service.class);
        private final Map<Replica, Map<String, String>> replicaSettings = new LinkedHashMap<>();
        private boolean kafkaAuth;

        private Builder() {
            for (Service service : Service.values()) {
                ports.put(service, service.defaultPort());
            }
        }

        /** The repository root: where the jars are, and the working folder of every process. */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** The data folder: broker data ({@code kafka/}), service state, and the logs unless {@link #logDir} says otherwise. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Where each process writes {@code <name>.log}; {@code DATA_DIR/logs} by default. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** The {@code java} that runs every process; this JVM's by default. */
        public Builder java(String java) {
            this.java = Objects.requireNonNull(java, "java");
            return this;
        }

        /** The broker's port; its controller listens on the next one. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** The service's HTTP port (replica 1's; see {@link StackPlan#port}). */
        public Builder port(Service service, int port) {
            ports.put(service, port);
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** The broker asks for SASL/SCRAM and holds each principal to its ACLs; each service connects as its own. */
        public Builder kafkaAuth(boolean on) {
            this.kafkaAuth = on;
            return this;
        }

        /** How many processes of the service run (1 by default), each a replica with its own port and instance id. */
        public Builder replicas(Service service, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a service runs at least once, got " + count);
            }
            replicas.put(service, count);
            return this;
        }

        /** An environment variable every process of the stack gets. */
        public Builder setting(String variable, String value) {
            settings.put(variable, value);
            return this;
        }

        /** An extra environment variable for one service, e.g. a setting ({@code BATON_WRITER_SCHEDULE}). */
        public Builder setting(Service service, String variable, String value) {
            serviceSettings.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(variable, value);
            return this;
        }

        /** An extra environment variable for one replica of a service (numbered from 1); it wins over the service's. */
        public Builder setting(Service service, int replica, String variable, String value) {
            replicaSettings
                    .computeIfAbsent(new Replica(service, replica), r -> new LinkedHashMap<>())
                    .put(variable, value);
            return this;
        }

        public StackPlan build() {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(dataDir, "dataDir");
            for (Replica replica : replicaSettings.keySet()) {
                if (replica.number() > replicas.getOrDefault(replica.service(), 1)) {
                    throw new IllegalArgumentException("a setting for " + replica + ", which does not run");
                }
            }
            return new StackPlan(this);
        }
    }
}
