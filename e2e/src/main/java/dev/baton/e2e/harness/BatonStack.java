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
    private final Map<Service, Map<String, String>> serviceSettings;
    private final FreePorts ports = new FreePorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Service, ChildProcess> services = new EnumMap<>(Service.class);
    private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
    private ChildProcess kafka;
    private int kafkaPort;

    private BatonStack(Builder builder) {
        this.root = builder.root.toAbsolutePath().normalize();
        this.workDir = builder.workDir.toAbsolutePath().normalize();
        this.partitions = builder.partitions;
        this.serviceSettings = builder.serviceSettings;
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
        for (Service service : Service.values()) {
            servicePorts.put(service, ports.next());
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

        for (Service service : Service.values()) {
            final Path jar = root.resolve(service.jar());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B -T1 -pl e2e -am verify)");
            }
            final Map<String, String> own = new HashMap<>(env);
            own.putAll(serviceSettings.getOrDefault(service, Map.of()));
            final ChildProcess process = new ChildProcess(service.shortName(),
                    List.of(java(), "-Xmx512m", "-jar", jar.toString()), own, root,
                    logDir().resolve(service.shortName() + ".log"), false);
            services.put(service, process);
            process.start();
        }
        awaitReady(List.of(Service.values()));
        return this;
    }

    /** Kills the service with SIGKILL (no shutdown of any kind), as a crash would. */
    public void kill(Service service) {
        process(service).kill();
    }

    /** Kills the service with SIGKILL, starts it again as before and waits until it is ready. */
    public void killAndRestart(Service service) {
        process(service).restartAfterKill();
        awaitReady(List.of(service));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public URI url(Service service) {
        return URI.create("http://127.0.0.1:" + servicePorts.get(service));
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public ChildProcess process(Service service) {
        return Objects.requireNonNull(services.get(service), () -> service + " was not started");
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
            env.put(service.portVariable(), Integer.toString(servicePorts.get(service)));
        }
        env.put("BATON_PARTITIONS", Integer.toString(partitions));
        return env;
    }

    private void awaitReady(List<Service> which) {
        final List<Service> pending = new ArrayList<>(which);
        try {
            Deadline.of(SERVICE_READY_TIMEOUT).until(pending + " ready", () -> {
                pending.removeIf(service -> {
                    failIfDead(process(service));
                    return ready(service);
                });
                return pending.isEmpty();
            });
        } catch (AssertionError e) {
            final StringBuilder message = new StringBuilder(e.getMessage());
            for (Service service : pending) {
                message.append("\n--- last lines of ").append(process(service).log()).append(":\n")
                        .append(process(service).tail(30));
            }
            throw new AssertionError(message.toString(), e);
        }
    }

    private boolean ready(Service service) {
        final HttpRequest request = HttpRequest.newBuilder(url(service).resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service, e);
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
        private final Map<Service, Map<String, String>> serviceSettings = new EnumMap<>(Service.class);

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

        /** An extra environment variable for one service, e.g. a setting ({@code BATON_WRITER_SCHEDULE}). */
        public Builder setting(Service service, String variable, String value) {
            serviceSettings.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(variable, value);
            return this;
        }

        public BatonStack build() {
            if (workDir == null) {
                workDir = Roots.freshWorkDir("stack");
            }
            return new BatonStack(this);
        }
    }
}
