package dev.baton.mcp;

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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The public API the MCP server is an agent of, for its integration tests: the backlog service and
 * the claim-service (which runs the claim engine), each its own process from its built jar, planned
 * and started by the launcher as {@code ./baton up} starts them, on the shared test broker and on
 * free ports. {@code @QuarkusTestResource(AgentApiTestResource.class)} points the server at them,
 * verifying the test JVM's tokens ({@code TestTokens}) as the services do, with a short session idle time so a
 * silent session's grants lapse within a test.
 */
public class AgentApiTestResource implements QuarkusTestResourceLifecycleManager {

    private static StackPlan plan;
    private static Stack stack;

    @Override
    public Map<String, String> start() {
        final StackPlan running = ensureRunning();
        return Map.of(
                "baton.mcp.backlog-url", backlog().toString(),
                "baton.mcp.claim-url", claims().toString(),
                // No writer runs here: the devlog resources are listed, not read.
                "baton.mcp.writer-url",
                        running.url(new Replica(Service.WRITER, 1)).toString(),
                "baton.mcp.session-idle", SESSION_IDLE.toString(),
                "mp.jwt.verify.publickey.location", TestTokens.verifyKey().toString());
    }

    /** How long a session may stay silent before its grants stop being renewed, in these tests. */
    static final Duration SESSION_IDLE = Duration.ofSeconds(2);

    static URI backlog() {
        return ensureRunning().url(new Replica(Service.BACKLOG, 1));
    }

    static URI claims() {
        return ensureRunning().url(new Replica(Service.CLAIM, 1));
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
                .dataDir(root.resolve("mcp-service/target/agent-api-" + SharedKafka.RUN_ID))
                // No broker of its own is started: the services use the shared one.
                .kafkaPort(freePort())
                .setting("BATON_KAFKA_BOOTSTRAP", SharedKafka.bootstrapServers())
                // The services verify the tests' tokens, as the MCP server does.
                .setting(
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                        TestTokens.verifyKey().toString())
                // Names of this run's own on the broker, as the services' test profiles make them: a
                // broker given with -Dbaton.test.kafka may serve a running stack, whose groups these
                // must not join.
                .setting("BATON_INSTANCE_ID", "mcp-it-" + SharedKafka.RUN_ID)
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
