package dev.baton.launcher;

import dev.baton.identity.Role;
import dev.baton.identity.Ttl;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * {@code ./baton up}: the script finds a JDK and builds what is stale, then runs this. It checks the
 * flags and the ports, starts the broker, the services and (with {@code --demo}) the demo, shows
 * their logs in compact form and the banner once every service answers, and stays in the
 * foreground until Ctrl-C or SIGTERM, or until a process ends on its own; then it stops everything
 * in order and leaves no process behind.
 *
 * <p>Exit status: 0 after a requested stop; 1 when a process is not ready in time, ends on its
 * own, or had to be killed on the way out (or the stack cannot start at all); 2 for a usage error.
 *
 * <p>A SIGINT, SIGTERM or SIGHUP asks for the stop; a second one while stopping kills everything at
 * once. Should this JVM end any other way, {@link Stack}'s shutdown hook stops the processes in the
 * same order. A SIGKILL of this JVM stops nothing: the processes run on, and the next launcher on
 * the same data folder names them ({@link PidFile}).
 */
public final class LauncherMain {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final int TAIL_LINES = 25;
    private static final List<String> EXTRA_PATHS = List.of("/q/openapi", "/q/swagger-ui/");

    private final Terminal terminal;
    private final String script;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final AtomicReference<String> stopSignal = new AtomicReference<>();
    private volatile boolean forced;

    private LauncherMain(Terminal terminal, String script) {
        this.terminal = terminal;
        this.script = script;
    }

    public static void main(String[] args) {
        final String script = System.getProperty("baton.script", "./baton");
        final boolean colour = Boolean.parseBoolean(System.getProperty(
                "baton.color", Boolean.toString(System.console() != null && System.getenv("NO_COLOR") == null)));
        final List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.isEmpty() || !rest.get(0).equals("up")) {
            usage(
                    new Terminal(System.out, System.err, colour, false),
                    script,
                    "the launcher has one command: up [flags]");
            System.exit(USAGE);
        }
        rest.remove(0);
        final UpOptions options;
        try {
            options = UpOptions.parse(rest, System.getenv(), root().resolve("data"));
        } catch (UsageError e) {
            usage(new Terminal(System.out, System.err, colour, false), script, e.getMessage());
            System.exit(USAGE);
            return;
        }
        final Terminal terminal = new Terminal(System.out, System.err, colour, options.quiet());
        if (options.help()) {
            terminal.show("Usage: " + script + " up [flags]; '" + script + " help' lists the flags.");
            System.exit(OK);
        }
        System.exit(new LauncherMain(terminal, script).up(options));
    }

    private static void usage(Terminal terminal, String script, String message) {
        terminal.error(message);
        terminal.detail("Run '" + script + " help' for usage.");
    }

    private int up(UpOptions options) {
        final Path root = root();
        final StackPlan plan = options.plan(root, Path.of("").toAbsolutePath()).build();
        try {
            Files.createDirectories(plan.logDir());
        } catch (IOException e) {
            terminal.error("cannot create the data folder " + plan.dataDir());
            return FAILED;
        }
        final PidFile pids = new PidFile(plan.dataDir());
        try {
            final var taken = pids.claim();
            if (taken.isPresent()) {
                terminal.error(taken.get());
                return FAILED;
            }
        } catch (IOException e) {
            terminal.error("cannot write " + plan.dataDir().resolve(PidFile.NAME) + ": " + e.getMessage());
            return FAILED;
        }
        try {
            return run(options, plan, pids);
        } finally {
            pids.release();
        }
    }

    private int run(UpOptions options, StackPlan plan, PidFile pids) {
        final var portProblem = Ports.problem(plan.ports());
        if (portProblem.isPresent()) {
            terminal.error(portProblem.get());
            return FAILED;
        }
        final Jars jars = new Jars(plan.root());
        if (jars.kafka().isEmpty()) {
            terminal.error("the Kafka broker is not built (" + Jars.KAFKA + "); run without --no-build");
            return FAILED;
        }
        if (options.demo() && jars.demo().isEmpty()) {
            terminal.error("the demo is not built (" + Jars.DEMO + "); run without --no-build");
            return FAILED;
        }
        final List<Replica> launched = new ArrayList<>();
        for (Replica replica : plan.replicas()) {
            if (jars.service(replica.service()).isPresent()) {
                launched.add(replica);
            } else if (replica.number() == 1) {
                terminal.warn(replica.service().moduleName() + " is not built ("
                        + replica.service().jar() + " is missing): running without it");
            }
        }

        final Stack stack = new Stack(plan);
        final LogView view = new LogView(terminal);
        handleSignals(stack);
        int status = OK;
        try {
            terminal.say("starting Kafka on " + plan.bootstrapServers() + " (data: "
                    + plan.dataDir().resolve("kafka") + ")"
                    + (plan.kafkaAuth() ? ", SASL/SCRAM and ACLs, users in " + plan.kafkaUsers() : ""));
            started(stack.startBroker(), view, pids);
            stack.awaitBroker();
            if (!launched.isEmpty()) {
                terminal.say("starting "
                        + String.join(" ", launched.stream().map(plan::name).toList()));
                stack.startServices(launched).forEach(process -> started(process, view, pids));
                stack.awaitServices((pending, waited) -> terminal.say(
                        "waiting for " + String.join(" ", pending) + " to be ready (" + waited.toSeconds() + "s)"));
            }
            writeInstances(plan);
            banner(plan, launched, options, stack);
            if (options.demo()) {
                terminal.say("starting the demo: simulated agents and a trickle of work (devlog: "
                        + options.effectiveWriterSchedule() + ")");
                started(stack.startDemo(), view, pids);
            }
            status = watch(stack);
        } catch (StackFailure failure) {
            status = report(failure, plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = FAILED;
        }
        forgetInstances(plan);
        final Stack.StopReport report = stack.stop(names -> terminal.error(
                "still running after " + StackPlan.STOP_GRACE.toSeconds() + "s, killing: " + String.join(" ", names)));
        view.finish();
        if (!report.clean() || forced) {
            status = FAILED;
        }
        if (status == OK) {
            terminal.say("stopped");
        }
        return status;
    }

    /** Tells the command line on this machine where every instance answers ({@link StackPlan#instancesFile}). */
    private void writeInstances(StackPlan plan) {
        final StringBuilder lines = new StringBuilder("# written by ./baton up; removed when it stops\n");
        plan.agentUrls()
                .forEach((variable, urls) ->
                        lines.append(variable).append('=').append(urls).append('\n'));
        try {
            Files.writeString(plan.instancesFile(), lines.toString());
        } catch (IOException e) {
            terminal.warn("cannot write " + plan.instancesFile() + " (" + e.getMessage()
                    + "): the command line finds replica 1 of each service only");
        }
    }

    private static void forgetInstances(StackPlan plan) {
        try {
            Files.deleteIfExists(plan.instancesFile());
        } catch (IOException e) {
            // a stale file names instances that no longer answer; the next start writes it again
        }
    }

    /**
     * Waits for a stop to be asked for, or for a process to end on its own. A service instance that
     * ends while another instance of its service still runs is reported and the stack goes on (the
     * others answer for it, and agents move to them); the broker, the demo or a service's last
     * instance ending stops everything.
     */
    private int watch(Stack stack) throws InterruptedException {
        for (ChildProcess process : stack.processes()) {
            process.onExit().thenRun(() -> events.offer(process));
        }
        while (true) {
            final Object event = events.take();
            if (!(event instanceof ChildProcess ended) || stopSignal.get() != null) {
                return OK;
            }
            died(ended);
            final List<String> others = stack.othersRunning(ended);
            if (others.isEmpty()) {
                terminal.error("stopping everything");
                return FAILED;
            }
            terminal.warn(String.join(" ", others) + " still running: the stack goes on without " + ended.name()
                    + " (Ctrl-C stops everything)");
        }
    }

    private int report(StackFailure failure, StackPlan plan) {
        switch (failure.kind()) {
            case CANCELLED -> {
                return OK;
            }
            case EXITED -> died(failure.processes().get(0));
            case NOT_READY -> {
                for (ChildProcess process : failure.processes()) {
                    if (process.name().equals("kafka")) {
                        terminal.error("Kafka was not ready within " + StackPlan.KAFKA_READY_TIMEOUT.toSeconds()
                                + "s; last lines of " + process.log() + ":");
                    } else {
                        final Replica replica = plan.replicas().stream()
                                .filter(r -> plan.name(r).equals(process.name()))
                                .findFirst()
                                .orElseThrow();
                        terminal.error(plan.moduleName(replica) + " was not ready within "
                                + StackPlan.SERVICE_READY_TIMEOUT.toSeconds() + "s; see "
                                + plan.url(replica).resolve(StackPlan.READINESS_PATH));
                    }
                    showTail(process);
                }
            }
            case NOT_BUILT -> terminal.error(failure.getMessage() + "; run without --no-build");
        }
        return FAILED;
    }

    private void died(ChildProcess process) {
        process.awaitExit(Duration.ofSeconds(1));
        terminal.error(process.name() + " exited unexpectedly (exit status "
                + process.exitStatus().orElse(-1) + "); last lines of " + process.log() + ":");
        showTail(process);
    }

    private void showTail(ChildProcess process) {
        terminal.detail(process.tail(TAIL_LINES)
                .lines()
                .map(line -> "    " + line)
                .reduce((a, b) -> a + System.lineSeparator() + b)
                .orElse(""));
    }

    private void started(ChildProcess process, LogView view, PidFile pids) {
        pids.started(process);
        view.follow(process);
    }

    private void banner(StackPlan plan, List<Replica> launched, UpOptions options, Stack stack) {
        final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final List<Banner.Entry> entries = new ArrayList<>();
        for (Replica replica : launched) {
            final URI base = plan.url(replica);
            // List only what this build serves (Swagger UI, for one, is left out of production builds).
            final List<String> extras = new ArrayList<>();
            if (!replica.service().endpoint().isEmpty()) {
                extras.add(replica.service().endpoint());
            }
            for (String path : EXTRA_PATHS) {
                if (answersOk(http, base.resolve(path))) {
                    extras.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
                }
            }
            entries.add(new Banner.Entry(
                    plan.moduleName(replica), base, replica.service().role(), extras));
        }
        // The board signs its browser in as an operator of this stack, named after who started it.
        final URI board = launched.contains(new Replica(Service.BACKLOG, 1))
                ? Banner.board(
                        plan.url(new Replica(Service.BACKLOG, 1)),
                        stack.identity()
                                .minter()
                                .mint(System.getProperty("user.name", "operator"), List.of(Role.OPERATOR), Ttl.DEFAULT))
                : null;
        Banner.lines(
                        entries,
                        board,
                        options.demo() ? options.effectiveWriterSchedule() : null,
                        plan.bootstrapServers(),
                        plan.dataDir(),
                        plan.logDir(),
                        terminal)
                .forEach(terminal::show);
    }

    private static boolean answersOk(HttpClient http, URI url) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(url)
                                            .timeout(Duration.ofSeconds(2))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The first SIGINT, SIGTERM or SIGHUP asks for the stop (a wait for readiness gives up at once);
     * a second one while stopping kills every process at once.
     */
    private void handleSignals(Stack stack) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopSignal.compareAndSet(null, name)) {
                        terminal.detail("");
                        terminal.say(name + " received: stopping (again to force)");
                        stack.cancel();
                        events.offer(name);
                    } else {
                        terminal.error(name + " again: killing everything now");
                        forced = true;
                        stack.killAll();
                    }
                });
            } catch (IllegalArgumentException e) {
                // This JVM leaves that signal alone (-Xrs, or ignored by the parent): the shutdown hook still stops the
                // stack.
            }
        }
    }

    /**
     * The repository root: the {@code baton.root} property ({@code ./baton} sets it), else the folder
     * three levels above this jar ({@code launcher/target/launcher-*.jar}), else the working folder.
     */
    static Path root() {
        final String property = System.getProperty("baton.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            final Path jar = Path.of(LauncherMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            final Path root = jar.getParent().getParent().getParent();
            if (Files.isRegularFile(root.resolve("baton"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working folder
        }
        return Path.of("").toAbsolutePath();
    }
}
