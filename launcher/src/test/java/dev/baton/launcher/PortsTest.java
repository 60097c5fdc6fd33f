package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPortGivenTwiceIsNamedWithWhatWouldListenOnIt() {
        assertThat(Ports.problem(List.of(new StackPlan.PortUse(1, "Kafka"), new StackPlan.PortUse(1, "claim-service"))))
                .contains("port 1 is given twice (it is the claim-service); choose distinct ports");
    }

    @Test
    void aPortSomethingListensOnIsNamedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final int port = taken.getLocalPort();

            assertThat(Ports.problem(List.of(new StackPlan.PortUse(port, "writer-service"))))
                    .contains("port " + port + " (writer-service) is already in use; stop what holds it or choose"
                            + " another port (see ./baton help)");
        }
    }

    @Test
    void freeDistinctPortsAreNoProblem() throws IOException {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThat(Ports.problem(List.of(new StackPlan.PortUse(port, "Kafka")))).isEmpty();
    }
}
