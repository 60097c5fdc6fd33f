package dev.baton.launcher;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A running {@link StackPlan}: starts its processes in order, waits until each is ready, watches
 * for one that ends, kills and restarts one on request, and stops them all in order (the demo, the
 * services together, then the broker; each SIGTERM, then SIGKILL after
 * {@link StackPlan#STOP_GRACE}).
 *
 * <p>From its first start, a shutdown hook stops whatever still runs, in the same order: a stack
 * leaves no process behind when its JVM ends, whether by {@code System.exit}, the end of a test
 * run, or a SIGTERM or SIGINT to the JVM. Only a SIGKILL of the JVM skips the hook; its processes
 * then run on, orphaned, until someone stops them.
 */
public final class Stack implements AutoCloseable {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration NOTE_EVERY = Duration.ofSeconds(10);

    private final StackPlan plan;
    private final Jars jars;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(POLL_TIMEOUT).build();
    private final Map<String, ProcessSpec> specs = new ConcurrentHashMap<>();
    private final Map<Replica, ChildProcess> services = new LinkedHashMap<>();
    /** Every process started, in start order; read without the lock, so a forced kill never waits for a stop. */
    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();

    private final Thread hook = new Thread(this::close, "stack-stop");
    private ChildProcess broker;
    private ChildProcess demo;
    private boolean hooked;
    private StopReport stopped;
    private volatile boolean cancelled;

    /** The writer's token, for its calls of the public API (baton.writer.publish.token). */
    static final String WRITER_TOKEN = "BATON_WRITER_TOKEN";
    /** The backlog-service's token for reads it asks of its other instances with no caller's own. */
    static final String PEER_TOKEN = "BATON_BACKLOG_PEER_TOKEN";

    static final Duration WRITER_TOKEN_TTL = Duration.ofDays(365);

    /** The stack's key pair in its data folder, made on the first start (docs/security.md). */
    public LocalIdentity identity() {
        return LocalIdentity.ensure(plan.dataDir());
    }

    public Stack(StackPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.jars = new Jars(plan.root());
    }

    /** Starts the broker and every replica of every service, and waits until each is ready. */
    public Stack start() throws InterruptedException {
        startBroker();
        awaitBroker();
        startServices(plan.replicas());
        awaitServices((pending, waited) -> {});
        return this;
    }

    /** Starts the broker alone: the services need their topics to exist when they start. */
    public synchronized ChildProcess startBroker() {
        final Path jar = jars.kafka()
                .orElseThrow(() -> new StackFailure(
                        StackFailure.Kind.NOT_BUILT, "the Kafka broker is not built (" + Jars.KAFKA + ")", List.of()));
        try {
            Files.createDirectories(plan.dataDir());
            Files.createDirectories(plan.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + plan.dataDir(), e);
        }
        broker = launch(plan.broker(jar));
        return broker;
    }

    public void awaitBroker() throws InterruptedException {
        awaitReady(List.of(broker()), (pending, waited) -> {});
    }

    /** Starts these replicas together (every one must be built); returns their processes in order. */
    public synchronized List<ChildProcess> startServices(List<Replica> which) {
        for (Replica replica : which) {
            if (jars.service(replica.service()).isEmpty()) {
                throw new StackFailure(
                        StackFailure.Kind.NOT_BUILT,
                        replica.service().moduleName() + " is not built ("
                                + replica.service().jar() + " is missing)",
                        List.of());
            }
        }
        final LocalIdentity identity = identity();
        // The broker made them before it was ready; each service gets its own principal's.
        final Map<String, String> kafkaPasswords = plan.kafkaAuth() ? kafkaPasswords() : Map.of();
        final List<ChildProcess> started = new ArrayList<>();
        for (Replica replica : which) {
            ProcessSpec spec = plan.service(
                            replica, jars.service(replica.service()).orElseThrow())
                    .with(plan.kafkaClientSettings(replica, kafkaPasswords));
            if (replica.service() == Service.WRITER && !spec.environment().containsKey(WRITER_TOKEN)) {
                // The writer submits its devlog items, claims them and publishes: an agent, a submitter
                // and an operator of the public API, under its own name. Its
                // token lives as long as a stack may run; a new start mints a new one.
                spec = spec.with(
                        WRITER_TOKEN,
                        identity.minter()
                                .mint(
                                        plan.name(replica),
                                        List.of(Role.AGENT, Role.SUBMITTER, Role.OPERATOR),
                                        WRITER_TOKEN_TTL));
            }
            if (replica.service() == Service.BACKLOG && !spec.environment().containsKey(PEER_TOKEN)) {
                // The board's live view reads every instance's part of the read model outside any
                // request, so with no caller's token to pass on: a reader's, under the instance's name.
                spec = spec.with(
                        PEER_TOKEN, identity.minter().mint(plan.name(replica), List.of(Role.READER), WRITER_TOKEN_TTL));
            }
            final ChildProcess process = launch(spec);
            services.put(replica, process);
            started.add(process);
        }
        return started;
    }

    /** The SCRAM passwords the secured broker keeps in the data folder ({@link StackPlan#kafkaUsers}). */
    public Map<String, String> kafkaPasswords() {
        final Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(plan.kafkaUsers())) {
            stored.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka users in " + plan.kafkaUsers(), e);
        }
        final Map<String, String> passwords = new LinkedHashMap<>();
        stored.stringPropertyNames()
                .forEach(name -> passwords.put(name, stored.getProperty(name).strip()));
        return passwords;
    }

    /** Waits until every service started is ready; {@code waiting} hears every 10 s which are not yet. */
    public void awaitServices(Waiting waiting) throws InterruptedException {
        final List<ChildProcess> all;
        synchronized (this) {
            all = new ArrayList<>(services.values());
        }
        awaitReady(all, waiting);
    }

    /** Starts the demo's simulated agents; they need the services to answer. */
    public synchronized ChildProcess startDemo() {
        final Path jar = jars.demo()
                .orElseThrow(() -> new StackFailure(
                        StackFailure.Kind.NOT_BUILT, "the demo is not built (" + Jars.DEMO + ")", List.of()));
        // The demo mints its agents' tokens from the stack's identity, found in BATON_DATA_DIR.
        identity();
        demo = launch(plan.demo(jar));
        return demo;
    }

    /** Kills the replica with SIGKILL (no shutdown of any kind), as a crash would. */
    public void kill(Replica replica) {
        service(replica).kill();
    }

    /** Kills the replica with SIGKILL, starts it again as before and waits until it is ready. */
    public void killAndRestart(Replica replica) throws InterruptedException {
        final ChildProcess process = service(replica);
        process.restartAfterKill();
        awaitReady(List.of(process), (pending, waited) -> {});
    }

    public synchronized ChildProcess broker() {
        return Objects.requireNonNull(broker, "the broker was not started");
    }

    public synchronized ChildProcess service(Replica replica) {
        return Objects.requireNonNull(services.get(replica), () -> replica + " was not started");
    }

    /**
     * The instances of {@code ended}'s service that still run, by name: the stack can go on without
     * an instance while one of these answers for it. Empty for the broker, the demo and a service's
     * last instance.
     */
    public synchronized List<String> othersRunning(ChildProcess ended) {
        final Replica gone = services.entrySet().stream()
                .filter(e -> e.getValue() == ended)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (gone == null) {
            return List.of();
        }
        return services.entrySet().stream()
                .filter(e -> e.getKey().service() == gone.service() && e.getValue() != ended)
                .filter(e -> e.getValue().isAlive())
                .map(e -> e.getValue().name())
                .toList();
    }

    /** Every process started, in start order. */
    public List<ChildProcess> processes() {
        return List.copyOf(started);
    }

    /** Makes a wait for readiness in progress, and every later one, give up at once ({@link StackFailure.Kind#CANCELLED}). */
    public void cancel() {
        cancelled = true;
    }

    /** SIGKILL to every process at once; a stop in progress then ends without waiting out its grace. */
    public void killAll() {
        cancel();
        for (ChildProcess process : processes()) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }

    /** Stops everything in order ({@link #stop}); the processes that had to be killed are in the report. */
    @Override
    public void close() {
        stop(names -> {});
    }

    /**
     * Stops the demo, then the services together, then the broker: each gets SIGTERM and
     * {@link StackPlan#STOP_GRACE} to exit, then SIGKILL; {@code killing} hears the names of a group
     * still running when its grace is over. Once stopped, a stack stays stopped; a second call
     * returns the first one's report.
     */
    public synchronized StopReport stop(Consumer<List<String>> killing) {
        if (stopped != null) {
            return stopped;
        }
        cancel();
        if (hooked && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook waits for this stop and finds it done
            }
        }
        final List<String> killed = new ArrayList<>();
        killed.addAll(stopTogether(demo == null ? List.of() : List.of(demo), killing));
        killed.addAll(stopTogether(new ArrayList<>(services.values()), killing));
        killed.addAll(stopTogether(broker == null ? List.of() : List.of(broker), killing));
        stopped = new StopReport(killed);
        return stopped;
    }

    /** What a stop did. */
    public record StopReport(List<String> killed) {
        public StopReport {
            killed = List.copyOf(killed);
        }

        /** Whether everything stopped on SIGTERM within its grace. */
        public boolean clean() {
            return killed.isEmpty();
        }
    }

    /** Told every 10 s which processes are not ready yet, and for how long the wait has gone on. */
    @FunctionalInterface
    public interface Waiting {
        void still(List<String> pending, Duration waited);
    }

    private ChildProcess launch(ProcessSpec spec) {
        if (stopped != null) {
            throw new IllegalStateException("the stack was stopped");
        }
        if (cancelled) {
            throw new StackFailure(StackFailure.Kind.CANCELLED, "the stop was asked for", List.of());
        }
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        }
        specs.put(spec.name(), spec);
        final ChildProcess process = ChildProcess.of(spec).start();
        started.add(process);
        return process;
    }

    private List<String> stopTogether(List<ChildProcess> group, Consumer<List<String>> killing) {
        final List<String> killed = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();
        for (ChildProcess process : group) {
            final Thread thread = new Thread(
                    () -> {
                        if (!process.stop(StackPlan.STOP_GRACE)) {
                            killed.add(process.name());
                        }
                    },
                    "stop-" + process.name());
            thread.start();
            threads.add(thread);
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    // The stop goes on regardless: no process may outlive it.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!killed.isEmpty()) {
            killing.accept(List.copyOf(killed));
        }
        return killed;
    }

    private void awaitReady(List<ChildProcess> which, Waiting waiting) throws InterruptedException {
        final List<ChildProcess> pending = new ArrayList<>(which);
        // A replica killed on purpose earlier is no failure of this wait; the broker's end always is.
        final List<ChildProcess> watched = new ArrayList<>(which);
        synchronized (this) {
            if (broker != null && !watched.contains(broker)) {
                watched.add(broker);
            }
        }
        final Duration timeout = pending.stream()
                .map(p -> spec(p).readiness().timeout())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        final long started = System.nanoTime();
        final long[] nextNote = {NOTE_EVERY.toNanos()};
        final boolean ready = Deadline.of(timeout).await(() -> {
            if (cancelled) {
                throw new StackFailure(StackFailure.Kind.CANCELLED, "the stop was asked for", List.of());
            }
            watched.stream().filter(process -> !process.isAlive()).findFirst().ifPresent(ended -> {
                throw new StackFailure(
                        StackFailure.Kind.EXITED,
                        ended.name() + " exited on its own (exit status "
                                + ended.exitStatus().orElse(-1) + ")",
                        List.of(ended));
            });
            pending.removeIf(this::ready);
            final long waited = System.nanoTime() - started;
            if (!pending.isEmpty() && waited >= nextNote[0]) {
                nextNote[0] += NOTE_EVERY.toNanos();
                waiting.still(names(pending), Duration.ofNanos(waited).withNanos(0));
            }
            return pending.isEmpty();
        });
        if (!ready) {
            throw new StackFailure(
                    StackFailure.Kind.NOT_READY,
                    String.join(", ", names(pending)) + " not ready within " + timeout.toSeconds() + "s",
                    pending);
        }
    }

    private static List<String> names(List<ChildProcess> processes) {
        return processes.stream().map(ChildProcess::name).toList();
    }

    private ProcessSpec spec(ChildProcess process) {
        return specs.get(process.name());
    }

    private boolean ready(ChildProcess process) {
        final Readiness readiness = spec(process).readiness();
        if (readiness instanceof Readiness.LogLine line) {
            return process.loggedSinceStart(line.fragment());
        }
        if (readiness instanceof Readiness.HttpOk ok) {
            return answersOk(ok);
        }
        return true;
    }

    private boolean answersOk(Readiness.HttpOk ok) {
        final HttpRequest request =
                HttpRequest.newBuilder(ok.url()).timeout(POLL_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
