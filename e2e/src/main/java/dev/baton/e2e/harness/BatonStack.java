package dev.baton.e2e.harness;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.launcher.ChildProcess;
import dev.baton.launcher.Service;
import dev.baton.launcher.Stack;
import dev.baton.launcher.StackPlan;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's stack ({@link StackPlan}, {@link Stack}) as the end-to-end tests start it: the
 * broker and the three services, each in its own process, exactly as {@code ./baton up} starts
 * them (the same jars, JVM options, environment, readiness checks and stop order), but on free
 * ports chosen at build time and in a fresh folder of its own: data in {@code <work dir>/data},
 * each process's log in {@code <work dir>/logs/<name>.log}.
 *
 * <p>A service may run as several replicas ({@link Builder#replicas}), as {@link StackPlan}
 * describes: each named {@code <service>-<n>} with a port, instance id, advertised address and data
 * folder of its own. Replicas are numbered from 1; the methods without a replica number mean
 * replica 1.
 *
 * <p>A service can be killed (SIGKILL) and started again; {@link #close()} stops the services,
 * then the broker, as {@code ./baton up} does on Ctrl-C.
 */
public final class BatonStack implements AutoCloseable {

    public static final Duration KAFKA_READY_TIMEOUT = StackPlan.KAFKA_READY_TIMEOUT;
    public static final Duration SERVICE_READY_TIMEOUT = StackPlan.SERVICE_READY_TIMEOUT;
    public static final Duration STOP_GRACE = StackPlan.STOP_GRACE;

    private final Path workDir;
    private final StackPlan plan;
    private final Stack stack;
    /** The broker's proxied listener ({@link Builder#proxiedBrokerListener}), or 0. */
    private final int proxiedListenerPort;

    private BatonStack(Path workDir, StackPlan plan, int proxiedListenerPort) {
        this.workDir = workDir;
        this.plan = plan;
        this.stack = new Stack(plan);
        this.proxiedListenerPort = proxiedListenerPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker, waits for it, then starts the services together and waits for each to be
     * ready. When that fails, what was started is stopped before the failure is thrown.
     */
    public BatonStack start() {
        try {
            stack.start();
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
            throw new IllegalStateException("interrupted while starting the stack", e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Kills the service (replica 1) with SIGKILL (no shutdown of any kind), as a crash would. */
    public void kill(Service service) {
        kill(service, 1);
    }

    /** Kills one replica of the service with SIGKILL, as a crash would. */
    public void kill(Service service, int replica) {
        stack.kill(plan.replica(service, replica));
    }

    /** Kills the service (replica 1) with SIGKILL, starts it again as before and waits until it is ready. */
    public void killAndRestart(Service service) {
        try {
            stack.killAndRestart(plan.replica(service, 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting " + service, e);
        }
    }

    /** Kills one replica of the service with SIGKILL, starts it again as before and waits until it is ready. */
    public void killAndRestart(Service service, int replica) {
        try {
            stack.killAndRestart(plan.replica(service, replica));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting " + service + "-" + replica, e);
        }
    }

    /** Kills the broker with SIGKILL: nothing it has not written to its log files survives. */
    public void killBroker() {
        stack.broker().kill();
    }

    /** Starts the killed broker again on its own data folder and port, and waits until it is ready. */
    public void restartBroker() {
        stack.broker().restartAfterKill();
        try {
            stack.awaitBroker();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the broker", e);
        }
    }

    /** The broker's plaintext listener that advertises the proxy's port; only with {@link Builder#proxiedBrokerListener}. */
    public int proxiedListenerPort() {
        if (proxiedListenerPort == 0) {
            throw new IllegalStateException("the stack was built without a proxied broker listener");
        }
        return proxiedListenerPort;
    }

    public String bootstrapServers() {
        return plan.bootstrapServers();
    }

    /** The service's address (replica 1). */
    public URI url(Service service) {
        return url(service, 1);
    }

    /** The address of one replica of the service. */
    public URI url(Service service, int replica) {
        return plan.url(plan.replica(service, replica));
    }

    public int port(Service service) {
        return port(service, 1);
    }

    public int port(Service service, int replica) {
        return plan.port(plan.replica(service, replica));
    }

    /** How many replicas of the service run. */
    public int replicas(Service service) {
        return plan.replicas(service);
    }

    public int kafkaPort() {
        return plan.kafkaPort();
    }

    public ChildProcess process(Service service) {
        return process(service, 1);
    }

    public ChildProcess process(Service service, int replica) {
        return stack.service(plan.replica(service, replica));
    }

    public Path root() {
        return plan.root();
    }

    public Path workDir() {
        return workDir;
    }

    public Path dataDir() {
        return plan.dataDir();
    }

    /**
     * A token for this stack's services, minted with its key pair as {@code ./baton token} mints
     * one: a test calls as the agents and operators it plays.
     */
    public String token(String subject, String... roles) {
        return LocalIdentity.ensure(plan.dataDir()).minter().mint(subject, List.of(roles), Duration.ofHours(2));
    }

    /** A token with every role: a test's own client, which submits, claims, reads and operates. */
    public String tokenWithEveryRole(String subject) {
        return token(subject, Role.ALL.toArray(String[]::new));
    }

    /**
     * The Kafka client settings of one principal of a stack started with {@link Builder#kafkaAuth}
     * (a name of {@code Access}), with its password from the stack's data folder: what the launcher
     * gives that service.
     */
    public Map<String, Object> kafkaClientSettings(String principal) {
        final String password = stack.kafkaPasswords().get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + principal + " on this stack");
        }
        return Map.of(
                "security.protocol", StackPlan.KAFKA_SECURITY_PROTOCOL,
                "sasl.mechanism", StackPlan.KAFKA_SASL_MECHANISM,
                "sasl.jaas.config", StackPlan.jaas(principal, password));
    }

    public Path logDir() {
        return plan.logDir();
    }

    /** The Java launcher of this JVM: the one the tests run on starts everything else too. */
    public static String java() {
        return StackPlan.currentJava();
    }

    /** Stops the services (SIGTERM, SIGKILL after {@link #STOP_GRACE}), then the broker. */
    @Override
    public void close() {
        stack.close();
    }

    /** How to start a stack; every setting has a default that works from the e2e module's tests. */
    public static final class Builder {
        private Path root = Roots.repository();
        private Path workDir;
        private int partitions = StackPlan.DEFAULT_PARTITIONS;
        private boolean kafkaAuth;
        private int proxyPort;
        private final Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        private final Map<Service, Map<String, String>> serviceSettings = new EnumMap<>(Service.class);
        private final Map<Integer, Map<Service, Map<String, String>>> replicaSettings = new LinkedHashMap<>();

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

        /** The broker with SASL/SCRAM and ACLs, each service as its own principal, as {@code ./baton up --kafka-auth}. */
        public Builder kafkaAuth() {
            this.kafkaAuth = true;
            return this;
        }

        /**
         * A second broker listener, on a free port, that tells its clients the broker is at
         * {@code proxyPort}: a TCP proxy there reaches the broker through it, and a service whose
         * bootstrap is the proxy then talks to the broker only through the proxy, which a test can cut.
         */
        public Builder proxiedBrokerListener(int proxyPort) {
            this.proxyPort = proxyPort;
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
            replicaSettings
                    .computeIfAbsent(replica, r -> new EnumMap<>(Service.class))
                    .computeIfAbsent(service, s -> new LinkedHashMap<>())
                    .put(variable, value);
            return this;
        }

        /** Plans the stack on free ports (a service's replicas {@value StackPlan#REPLICA_PORT_STEP} apart, as always). */
        public BatonStack build() {
            if (workDir == null) {
                workDir = Roots.freshWorkDir("stack");
            }
            final Path dir = workDir.toAbsolutePath().normalize();
            final FreePorts ports = new FreePorts();
            final StackPlan.Builder plan = StackPlan.builder()
                    .root(root)
                    .dataDir(dir.resolve("data"))
                    .logDir(dir.resolve("logs"))
                    .kafkaPort(ports.nextPair())
                    .partitions(partitions)
                    .kafkaAuth(kafkaAuth);
            for (Service service : Service.values()) {
                final int count = replicas.getOrDefault(service, 1);
                plan.replicas(service, count).port(service, ports.nextSpaced(count, StackPlan.REPLICA_PORT_STEP));
            }
            serviceSettings.forEach((service, settings) -> settings.forEach((k, v) -> plan.setting(service, k, v)));
            replicaSettings.forEach((replica, byService) -> byService.forEach(
                    (service, settings) -> settings.forEach((k, v) -> plan.setting(service, replica, k, v))));
            int proxied = 0;
            if (proxyPort > 0) {
                proxied = ports.next();
                plan.setting("BATON_KAFKA_PROXIED_LISTENER", proxied + ":" + proxyPort);
            }
            return new BatonStack(dir, plan.build(), proxied);
        }
    }
}
