package dev.baton.e2e.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a service that a test can turn into a trap, to stop a caller at a
 * known point of its work. Open, it forwards each request and its answer, headers included. Holding one call (a
 * method and a path), it answers the status line and headers of each such request and then holds
 * the body back until it is closed: the caller is stuck reading it (the JDK client's request
 * timeout covers only the wait for the headers), so it is provably inside that call, and stays
 * there, when {@link #awaitHeld} returns. Its other calls go on being forwarded.
 */
public final class HoldingProxy implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Headers of one connection, not of the request: each side of the proxy sets its own. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "keep-alive",
            "transfer-encoding",
            "upgrade",
            "te",
            "trailer",
            "proxy-connection");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        final Thread thread = new Thread(r, "holding-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private volatile URI target;
    /** {@code METHOD /path} of the call held, or null while the proxy is open. */
    private volatile String holding;

    private HoldingProxy() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a port for the proxy", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy on a free port; it answers 503 until it is told where to forward ({@link #forwardTo}). */
    public static HoldingProxy start() {
        return new HoldingProxy();
    }

    /** Its own address, to give the caller in place of the service's. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where requests go while it is open; known only once the service is up. */
    public HoldingProxy forwardTo(URI service) {
        this.target = service;
        return this;
    }

    /**
     * From now on every request of this method to this path (any query) is held: headers answered,
     * body never sent. Other requests are still forwarded.
     */
    public void hold(String method, String path) {
        holding = method + " " + path;
    }

    /** Waits until a request is being held; fails when none comes within the timeout. */
    public void awaitHeld(Duration timeout) {
        Deadline.of(timeout).until("a request held by the proxy at " + url(), () -> held.get() > 0);
    }

    /** Lets the held requests end (their connections close without a body) and stops the proxy. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ((exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()).equals(holding)) {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().flush();
                held.incrementAndGet();
                released.await();
                return;
            }
            final URI to = target;
            if (to == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            final HttpRequest.Builder request = HttpRequest.newBuilder(
                            to.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(10))
                    .method(
                            exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(
                                    exchange.getRequestBody().readAllBytes()));
            // Every header the caller sent (its Idempotency-Key above all: without it a repeated
            // submission would make a second item), but those of this hop, which the client sets.
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            final HttpResponse<byte[]> answer;
            try {
                answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            final byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The caller is gone (killed while held, say): there is no one to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
