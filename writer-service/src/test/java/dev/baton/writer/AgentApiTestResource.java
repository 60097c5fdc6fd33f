package dev.baton.writer;

import dev.baton.identity.Role;
import dev.baton.infra.testing.SharedKafka;
import dev.baton.infra.testing.TestTokens;
import dev.baton.launcher.Replica;
import dev.baton.launcher.Service;
import dev.baton.launcher.Stack;
import dev.baton.launcher.StackPlan;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The public API the writer is an agent of, for its integration tests: the backlog service and the
 * claim-service (which runs the claim engine), each its own process from its built jar, planned
 * and started by the launcher as {@code ./baton up} starts them, on the shared test broker and on
 * free ports. {@code @QuarkusTestResource(AgentApiTestResource.class)} points the writer at them,
 * with a token of its own; the services verify the tests' tokens ({@code TestTokens}).
 *
 * <p>Started with the writer under test and stopped with it, before the broker: the test classes
 * that share the writer share the services too.
 */
public class AgentApiTestResource implements QuarkusTestResourceLifecycleManager {

    /** The agent the writer under test claims as: its token's subject. */
    static final String WRITER = "writer-under-test";

    private static StackPlan plan;
    private static Stack stack;

    @Override
    public Map<String, String> start() {
        final StackPlan running = ensureRunning();
        return Map.of(
                "baton.writer.publish.backlog-url",
                running.url(new Replica(Service.BACKLOG, 1)).toString(),
                "baton.writer.publish.claim-url",
                running.url(new Replica(Service.CLAIM, 1)).toString(),
                // the writer's own token, as the launcher gives it one
                "baton.writer.publish.token",
                TestTokens.of(WRITER, Role.AGENT, Role.SUBMITTER, Role.OPERATOR));
    }

    @Override
    public void stop() {
        synchronized (AgentApiTestResource.class) {
            if (stack != null) {
                stack.close();
                stack = null;
                plan = null;
            }
        }
    }

    private static synchronized StackPlan ensureRunning() {
        if (plan != null) {
            return plan;
        }
        final Path root =
                Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
        final StackPlan planned = StackPlan.builder()
                .root(root)
                .dataDir(root.resolve("writer-service/target/agent-api-" + SharedKafka.RUN_ID))
                // No broker of its own is started: the services use the shared one.
                .kafkaPort(freePort())
                .setting("BATON_KAFKA_BOOTSTRAP", SharedKafka.bootstrapServers())
                // The services verify the tests' tokens (and the writer's, minted by the tests).
                .setting(
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                        TestTokens.verifyKey().toString())
                // Names of this run's own on the broker, as the services' test profiles make them: a
                // broker given with -Dbaton.test.kafka may serve a running stack, whose groups these
                // must not join.
                .setting("BATON_INSTANCE_ID", "writer-it-" + SharedKafka.RUN_ID)
                .setting(
                        Service.CLAIM,
                        "QUARKUS_KAFKA_STREAMS_APPLICATION_ID",
                        "baton-claim-engine-" + SharedKafka.RUN_ID)
                .setting(
                        Service.BACKLOG,
                        "QUARKUS_KAFKA_STREAMS_APPLICATION_ID",
                        "baton-backlog-read-model-" + SharedKafka.RUN_ID)
                .setting(
                        Service.BACKLOG,
                        "MP_MESSAGING_INCOMING_SUBMISSIONS_IN_GROUP_ID",
                        "baton-backlog-ingest-" + SharedKafka.RUN_ID)
                .port(Service.BACKLOG, freePort())
                .port(Service.CLAIM, freePort())
                .port(Service.WRITER, freePort())
                .build();
        final Stack started = new Stack(planned);
        try {
            started.startServices(List.of(new Replica(Service.BACKLOG, 1), new Replica(Service.CLAIM, 1)));
            started.awaitServices((pending, waited) -> System.out.println(
                    "baton.test.agent-api status=starting waiting=" + pending + " for=" + waited.toSeconds() + "s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.close();
            throw new IllegalStateException("interrupted while starting the backlog and claim services", e);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        stack = started;
        plan = planned;
        return plan;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
