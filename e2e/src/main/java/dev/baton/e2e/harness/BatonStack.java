package dev.baton.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The broker and the three services, each in its own process, started the way {@code ./baton up}
 * starts them: the same jars, the same JVM options, the same environment variables
 * ({@code BATON_KAFKA_BOOTSTRAP}, {@code BATON_DATA_DIR}, {@code BATON_*_PORT},
 * {@code BATON_PARTITIONS}), the same readiness checks (the broker's
 * {@code baton.kafka status=ready} line, then each service's {@code /q/health/ready}). Ports are
 * free ones chosen at start, the data folder is fresh, and each process logs to
 * {@code <work dir>/logs/<name>.log}.
 *
 * <p>A service may run as several replicas ({@link Builder#replicas}), as on Kubernetes: each
 * replica is named {@code <service>-<n>} (its log file too), listens on a port of its own,
 * advertises {@code 127.0.0.1:<its port>} to the other replicas ({@code BATON_ADVERTISED_HOST}),
 * and has an instance id ({@code BATON_INSTANCE_ID}) and a data folder ({@code data/<service>-<n>})
 * of its own. Replicas are numbered from 1; the methods without a replica number mean replica 1.
 *
 * <p>A service can be killed (SIGKILL) and started again; {@link #close()} stops the services,
 * then the broker, as {@code ./baton up} does on Ctrl-C.
 */
public final class BatonStack implements AutoCloseable {

    public static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path root;
    private final Path workDir;
    private final int partitions;
    private final Map<Service, Integer> replicas;
    private final Map<Service, Map<String, String>> serviceSettings;
    private final Map<Replica, Map<String, String>> replicaSettings;
    private final FreePorts ports = new FreePorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Replica, ChildProcess> services = new LinkedHashMap<>();
    private final Map<Replica, Integer> servicePorts = new LinkedHashMap<>();
    private ChildProcess kafka;
    private int kafkaPort;

    private BatonStack(Builder builder) {
        this.root = builder.root.toAbsolutePath().normalize();
        this.workDir = builder.workDir.toAbsolutePath().normalize();
        this.partitions = builder.partitions;
        this.replicas = builder.replicas;
        this.serviceSettings = builder.serviceSettings;
        this.replicaSettings = builder.replicaSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker, waits for it, then starts the services together and waits for each to be ready. */
    public BatonStack start() {
        try {
            Files.createDirectories(dataDir());
            Files.createDirectories(logDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafkaPort = ports.nextPair();
        for (Replica replica : all()) {
            servicePorts.put(replica, ports.next());
        }
        final Map<String, String> env = environment();

        kafka = new ChildProcess("kafka", List.of(java(), "-Xmx1g", "-jar", kafkaJar().toString(),
                "--port", Integer.toString(kafkaPort), "--controller-port", Integer.toString(kafkaPort + 1),
                "--data-dir", dataDir().resolve("kafka").toString(), "--partitions", Integer.toString(partitions)),
                env, root, logDir().resolve("kafka.log"), false);
        kafka.start();
        Deadline.of(KAFKA_READY_TIMEOUT).until("Kafka is ready", () -> {
            failIfDead(kafka);
            return kafka.loggedSinceStart("baton.kafka status=ready");
        });

        for (Replica replica : all()) {
            final ChildProcess process = serviceProcess(replica, env);
            services.put(replica, process);
            process.start();
        }
        awaitReady(all());
        return this;
    }

    /**
     * The one place that knows how a service runs: its jar, JVM options and log file, the stack's
     * environment, the service's settings, and for a replica of several its own port, instance id,
     * advertised address and data folder, then the replica's own settings.
     */
    private ChildProcess serviceProcess(Replica replica, Map<String, String> stackEnvironment) {
        final Path jar = root.resolve(replica.service().jar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B -T1 -pl e2e -am verify)");
        }
        final String name = name(replica);
        final Map<String, String> own = new HashMap<>(stackEnvironment);
        own.putAll(serviceSettings.getOrDefault(replica.service(), Map.of()));
        if (replicas(replica.service()) > 1) {
            own.put(replica.service().portVariable(), Integer.toString(servicePorts.get(replica)));
            own.put("BATON_INSTANCE_ID", name);
            own.put("BATON_ADVERTISED_HOST", "127.0.0.1");
            own.put("BATON_DATA_DIR", dataDir().resolve(name).toString());
        }
        own.putAll(replicaSettings.getOrDefault(replica, Map.of()));
        return new ChildProcess(name, List.of(java(), "-Xmx512m", "-jar", jar.toString()), own, root,
                logDir().resolve(name + ".log"), false);
    }

    /** Kills the service (replica 1) with SIGKILL (no shutdown of any kind), as a crash would. */
    public void kill(Service service) {
        kill(service, 1);
    }

    /** Kills one replica of the service with SIGKILL, as a crash would. */
    public void kill(Service service, int replica) {
        process(service, replica).kill();
    }

    /** Kills the service (replica 1) with SIGKILL, starts it again as before and waits until it is ready. */
    public void killAndRestart(Service service) {
        process(service).restartAfterKill();
        awaitReady(List.of(replica(service, 1)));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The service's address (replica 1). */
    public URI url(Service service) {
        return url(service, 1);
    }

    /** The address of one replica of the service. */
    public URI url(Service service, int replica) {
        return URI.create("http://127.0.0.1:" + port(service, replica));
    }

    public int port(Service service) {
        return port(service, 1);
    }

    public int port(Service service, int replica) {
        return Objects.requireNonNull(servicePorts.get(replica(service, replica)), () -> service + " was not started");
    }

    /** How many replicas of the service run. */
    public int replicas(Service service) {
        return replicas.getOrDefault(service, 1);
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public ChildProcess process(Service service) {
        return process(service, 1);
    }

    public ChildProcess process(Service service, int replica) {
        return Objects.requireNonNull(services.get(replica(service, replica)), () -> service + " was not started");
    }

    public Path root() {
        return root;
    }

    public Path workDir() {
        return workDir;
    }

    public Path dataDir() {
        return workDir.resolve("data");
    }

    public Path logDir() {
        return workDir.resolve("logs");
    }

    /** The Java launcher of this JVM: the one the tests run on starts everything else too. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops the services (SIGTERM, SIGKILL after {@link #STOP_GRACE}), then the broker. */
    @Override
    public void close() {
        final List<Thread> stopping = new ArrayList<>();
        for (ChildProcess service : services.values()) {
            final Thread thread = new Thread(() -> service.stop(STOP_GRACE), "stop-" + service.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Reaper.killAll();
                return;
            }
        }
        if (kafka != null) {
            kafka.stop(STOP_GRACE);
        }
    }

    private Map<String, String> environment() {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("BATON_KAFKA_BOOTSTRAP", bootstrapServers());
        env.put("BATON_DATA_DIR", dataDir().toString());
        env.put("BATON_KAFKA_PORT", Integer.toString(kafkaPort));
        for (Service service : Service.values()) {
            env.put(service.portVariable(), Integer.toString(port(service)));
        }
        env.put("BATON_PARTITIONS", Integer.toString(partitions));
        return env;
    }

    /** Every replica of every service, in start order. */
    private List<Replica> all() {
        final List<Replica> all = new ArrayList<>();
        for (Service service : Service.values()) {
            for (int n = 1; n <= replicas(service); n++) {
                all.add(new Replica(service, n));
            }
        }
        return all;
    }

    private Replica replica(Service service, int n) {
        if (n < 1 || n > replicas(service)) {
            throw new IllegalArgumentException(
                    service + " has no replica " + n + " (it runs " + replicas(service) + ")");
        }
        return new Replica(service, n);
    }

    /** {@code writer} for a service that runs once, {@code writer-2} for a replica of several. */
    private String name(Replica replica) {
        return replicas(replica.service()) > 1 ? replica.service().shortName() + "-" + replica.number()
                : replica.service().shortName();
    }

    private void awaitReady(List<Replica> which) {
        final List<Replica> pending = new ArrayList<>(which);
        try {
            Deadline.of(SERVICE_READY_TIMEOUT).until(names(pending) + " ready", () -> {
                pending.removeIf(replica -> {
                    failIfDead(services.get(replica));
                    return ready(replica);
                });
                return pending.isEmpty();
            });
        } catch (AssertionError e) {
            final StringBuilder message = new StringBuilder(e.getMessage());
            for (Replica replica : pending) {
                final ChildProcess process = services.get(replica);
                message.append("\n--- last lines of ").append(process.log()).append(":\n").append(process.tail(30));
            }
            throw new AssertionError(message.toString(), e);
        }
    }

    private List<String> names(List<Replica> replicas) {
        return replicas.stream().map(this::name).toList();
    }

    private boolean ready(Replica replica) {
        final HttpRequest request = HttpRequest.newBuilder(
                        url(replica.service(), replica.number()).resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(replica), e);
        }
    }

    private static void failIfDead(ChildProcess process) {
        if (!process.isAlive()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s exited on its own; last lines of %s:%n%s",
                    process.name(), process.log(), process.tail(40)));
        }
    }

    private Path kafkaJar() {
        final Path target = root.resolve("infra/kafka-local/target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "kafka-local-*.jar")) {
            for (Path jar : jars) {
                final String name = jar.getFileName().toString();
                if (!name.endsWith("-sources.jar") && !name.endsWith("-tests.jar") && !name.endsWith("-javadoc.jar")) {
                    return jar;
                }
            }
        } catch (IOException e) {
            // fall through to the message below
        }
        throw new IllegalStateException("the broker is not built (" + target + "/kafka-local-*.jar)");
    }

    /** How to start a stack; every setting has a default that works from the e2e module's tests. */
    public static final class Builder {
        private Path root = Roots.repository();
        private Path workDir;
        private int partitions = 12;
        private final Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        private final Map<Service, Map<String, String>> serviceSettings = new EnumMap<>(Service.class);
        private final Map<Replica, Map<String, String>> replicaSettings = new LinkedHashMap<>();

        /** The repository root: where the jars are and where the services run, as with {@code ./baton up}. */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** A folder of its own for this stack: {@code data/} and {@code logs/} go in it. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
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

        /** An extra environment variable for one service, e.g. a setting ({@code BATON_WRITER_SCHEDULE}). */
        public Builder setting(Service service, String variable, String value) {
            serviceSettings.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(variable, value);
            return this;
        }

        /** An extra environment variable for one replica of a service (numbered from 1); it wins over the service's. */
        public Builder setting(Service service, int replica, String variable, String value) {
            replicaSettings.computeIfAbsent(new Replica(service, replica), r -> new LinkedHashMap<>())
                    .put(variable, value);
            return this;
        }

        public BatonStack build() {
            for (Replica replica : replicaSettings.keySet()) {
                if (replica.number() < 1 || replica.number() > replicas.getOrDefault(replica.service(), 1)) {
                    throw new IllegalArgumentException("a setting for " + replica + ", which does not run");
                }
            }
            if (workDir == null) {
                workDir = Roots.freshWorkDir("stack");
            }
            return new BatonStack(this);
        }
    }

    /** One process of a service: its replica number, from 1. */
    private record Replica(Service service, int number) {
    }
}
