package dev.baton.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for the broker, a service or the demo in {@link StackTest}: run from a jar where the
 * real one would be, it plays the part its jar's place names. It notes its start and its stop
 * (SIGTERM) in {@code FAKE_JOURNAL}; the broker writes its ready line, a service answers its
 * readiness check on its port (unless {@code FAKE_NEVER_READY} is set), and with {@code FAKE_EXIT}
 * set it ends on its own at once.
 */
public final class FakeProcess {

    private FakeProcess() {}

    public static void main(String[] args) throws Exception {
        final String jar = System.getProperty("java.class.path");
        final String name = Arrays.asList(args).contains("--port")
                ? "kafka"
                : jar.contains("backlog-service")
                        ? "backlog"
                        : jar.contains("claim-service")
                                ? "claim"
                                : jar.contains("writer-service")
                                        ? "writer"
                                        : jar.contains("mcp-service") ? "mcp" : "demo";
        note("start " + name);
        if (System.getenv("FAKE_EXIT") != null) {
            System.exit(3);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> note("stop " + name)));
        if (name.equals("kafka")) {
            System.out.println(StackPlan.KAFKA_READY_LINE + " bootstrap=fake");
        } else if (!name.equals("demo") && System.getenv("FAKE_NEVER_READY") == null) {
            final int port =
                    Integer.parseInt(System.getenv("BATON_" + name.toUpperCase(java.util.Locale.ROOT) + "_PORT"));
            final HttpServer server =
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
            server.createContext(StackPlan.READINESS_PATH, exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }
        new CountDownLatch(1).await();
    }

    private static synchronized void note(String line) {
        try {
            Files.writeString(
                    Path.of(System.getenv("FAKE_JOURNAL")),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
