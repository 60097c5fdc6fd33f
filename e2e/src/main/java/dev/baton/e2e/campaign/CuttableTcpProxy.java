package dev.baton.e2e.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the broker that a test can cut, to take one service off the broker
 * while everything else keeps it: a network partition of one process, on one machine. Open, it
 * carries bytes both ways. Cut, it closes every connection it carries and closes each new one as
 * soon as it is accepted, so the service's Kafka clients see the broker go away and fail to reach
 * it again until {@link #reconnect()}.
 *
 * <p>It needs the broker to advertise the proxy's own address on the listener it forwards to
 * ({@link dev.baton.e2e.harness.BatonStack.Builder#proxiedBrokerListener}): otherwise the client
 * would learn the broker's real address from its first metadata answer and go around the proxy.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int target;
    private volatile boolean cut;
    private volatile boolean closed;

    private CuttableTcpProxy() {
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a port for the proxy", e);
        }
        final Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free port; it closes every connection until it is told where to forward. */
    public static CuttableTcpProxy start() {
        return new CuttableTcpProxy();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public CuttableTcpProxy forwardTo(int port) {
        this.target = port;
        return this;
    }

    /** Closes every connection carried and refuses new ones: the service behind it has lost the broker. */
    public void cut() {
        cut = true;
        open.forEach(CuttableTcpProxy::quietly);
        open.clear();
    }

    /** Carries connections again. */
    public void reconnect() {
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        cut();
        quietly(server);
    }

    private void accept() {
        while (!closed) {
            final Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut || target == 0) {
                quietly(client);
                continue;
            }
            try {
                final Socket broker = new Socket();
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
                open.add(client);
                open.add(broker);
                pump(client, broker);
                pump(broker, client);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    /** Copies one direction until either side closes; then closes both, as a real peer's loss would. */
    private void pump(Socket from, Socket to) {
        final Thread thread = new Thread(
                () -> {
                    final byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side is gone: end both below
                    } finally {
                        quietly(from);
                        quietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
