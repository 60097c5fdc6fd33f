package dev.baton.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Ports nobody listens on right now, chosen by the kernel, never the defaults of {@code ./baton up}. */
final class FreePorts {

    private final Set<Integer> given = new HashSet<>();

    /** A free port not handed out before by this instance. */
    synchronized int next() {
        for (int tries = 0; tries < 100; tries++) {
            final int port = bind(0);
            if (port > 0 && given.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** A free port whose successor is free too (the broker's controller listens on port + 1). */
    synchronized int nextPair() {
        for (int tries = 0; tries < 100; tries++) {
            final int port = bind(0);
            if (port > 0 && port < 65535 && !given.contains(port) && !given.contains(port + 1) && bind(port + 1) > 0) {
                given.add(port);
                given.add(port + 1);
                return port;
            }
        }
        throw new IllegalStateException("no free pair of ports found");
    }

    /**
     * A free port {@code base} such that {@code base + step * k} is free too for every {@code k} below
     * {@code count}, none handed out before: the ports of a service's replicas.
     */
    synchronized int nextSpaced(int count, int step) {
        for (int tries = 0; tries < 100; tries++) {
            final int base = bind(0);
            if (base <= 0 || base + step * (count - 1) > 65535) {
                continue;
            }
            boolean free = true;
            for (int k = 0; k < count && free; k++) {
                final int port = base + step * k;
                free = !given.contains(port) && (k == 0 || bind(port) > 0);
            }
            if (free) {
                for (int k = 0; k < count; k++) {
                    given.add(base + step * k);
                }
                return base;
            }
        }
        throw new IllegalStateException("no free run of " + count + " ports " + step + " apart found");
    }

    private static int bind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException("cannot bind any port", e);
            }
            return -1;
        }
    }
}
