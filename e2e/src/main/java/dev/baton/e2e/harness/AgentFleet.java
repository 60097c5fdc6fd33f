package dev.baton.e2e.harness;

import dev.baton.e2e.agent.AgentMain;
import dev.baton.e2e.agent.Journal;
import dev.baton.launcher.ChildProcess;
import dev.baton.launcher.StackPlan;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Agent processes ({@link AgentMain}), each a small JVM of its own so that one can be killed
 * with SIGKILL in the middle of a grant. Each writes its output to {@code logs/<name>.log} and its
 * steps to {@code journals/<name>.journal} under the fleet's folder; a restarted agent keeps both.
 *
 * <p>An agent holds its standard input open to this JVM and exits when it closes: {@link #close()}
 * closes it, and so does the death of the test JVM, however it dies.
 */
public final class AgentFleet implements AutoCloseable {

    /** Small and quick to start: twelve of these share two cores with the broker and the services. */
    private static final List<String> JVM_OPTIONS =
            List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    private final Path dir;
    /** Every claim-service instance, comma-separated: an agent moves to the next when one does not answer. */
    private final String claims;

    private final String classpath;
    private final Map<String, ChildProcess> agents = new LinkedHashMap<>();

    /** Each agent's own token, by its name: the services take the agent from it. */
    private final Function<String, String> tokens;

    public AgentFleet(Path dir, URI claims, Function<String, String> tokens) {
        this(dir, List.of(claims), tokens);
    }

    /** Agents given every instance of the claim-service, tried in this order. */
    public AgentFleet(Path dir, List<URI> claims, Function<String, String> tokens) {
        this.dir = dir;
        this.claims = String.join(",", claims.stream().map(URI::toString).toList());
        this.tokens = tokens;
        // The test JVM's classpath holds this module, the client and their dependencies.
        this.classpath = System.getProperty("java.class.path");
    }

    /** Starts an agent; {@code args} are {@link AgentMain}'s flags beyond its name, service and journal. */
    public synchronized ChildProcess start(String name, String... args) {
        final ChildProcess existing = agents.get(name);
        if (existing != null && existing.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        final List<String> command = new ArrayList<>();
        command.add(StackPlan.currentJava());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classpath);
        command.add(AgentMain.class.getName());
        command.addAll(List.of(
                "--agent", name, "--claims", claims, "--journal", journal(name).toString()));
        command.addAll(List.of(args));
        final ChildProcess process = ChildProcess.withInput(
                name,
                command,
                Map.of("BATON_TOKEN", tokens.apply(name)),
                dir,
                dir.resolve("logs").resolve(name + ".log"));
        agents.put(name, process);
        return process.start();
    }

    /** SIGKILL: the agent dies at once, holding whatever it holds. */
    public void kill(String name) {
        process(name).kill();
    }

    public Path journal(String name) {
        return dir.resolve("journals").resolve(name + ".journal");
    }

    public List<Journal.Entry> entries(String name) {
        return Journal.read(journal(name));
    }

    /** Every agent's journal, by agent name. */
    public synchronized Map<String, List<Journal.Entry>> journals() {
        final Map<String, List<Journal.Entry>> all = new LinkedHashMap<>();
        for (String name : agents.keySet()) {
            all.put(name, entries(name));
        }
        return all;
    }

    public synchronized ChildProcess process(String name) {
        final ChildProcess process = agents.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no agent " + name);
        }
        return process;
    }

    /** Closes every agent's input (they exit), and kills those still running after a grace period. */
    @Override
    public synchronized void close() {
        agents.values().forEach(ChildProcess::closeInput);
        for (ChildProcess agent : agents.values()) {
            if (!agent.awaitExit(Duration.ofSeconds(10))) {
                agent.stop(Duration.ofSeconds(5));
            }
        }
    }
}
