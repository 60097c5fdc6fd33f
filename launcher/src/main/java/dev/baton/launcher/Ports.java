package dev.baton.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether the ports a stack needs are free, checked before anything starts, naming the first that is not. */
public final class Ports {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private Ports() {}

    /** Why the stack cannot have its ports, or empty when they are distinct and free. */
    public static Optional<String> problem(List<StackPlan.PortUse> uses) {
        final Map<Integer, String> seen = new HashMap<>();
        for (StackPlan.PortUse use : uses) {
            if (seen.putIfAbsent(use.port(), use.what()) != null) {
                return Optional.of(
                        "port " + use.port() + " is given twice (it is the " + use.what() + "); choose distinct ports");
            }
        }
        for (StackPlan.PortUse use : uses) {
            if (inUse(use.port())) {
                return Optional.of("port " + use.port() + " (" + use.what()
                        + ") is already in use; stop what holds it or choose another port (see ./baton help)");
            }
        }
        return Optional.empty();
    }

    /** Something answers on the port: a listener on 127.0.0.1 or on every interface. */
    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
