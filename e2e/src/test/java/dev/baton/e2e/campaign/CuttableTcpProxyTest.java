package dev.baton.e2e.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.infra.kafka.LocalKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy the campaign cuts one claim-service instance off the broker with, in front of a real
 * broker's proxied listener: a client that bootstraps through it is told the broker is at the
 * proxy, so cutting the proxy cuts the client off, and reconnecting it lets the client back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CuttableTcpProxyTest {

    @TempDir
    Path dataDir;

    @Test
    void aClientBehindTheProxyReachesTheBrokerOnlyWhileTheProxyIsOpen() throws Exception {
        // given: a broker whose proxied listener advertises the proxy, and a client bootstrapped on the proxy
        try (CuttableTcpProxy proxy = CuttableTcpProxy.start()) {
            final int listener = freePort();
            try (LocalKafka kafka = LocalKafka.builder()
                            .dataDir(dataDir)
                            .port(0)
                            .controllerPort(0)
                            .proxiedListener(listener, proxy.port())
                            .build()
                            .start();
                    Admin admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            proxy.address(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            5_000,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            2_000))) {
                proxy.forwardTo(listener);

                // then: the broker it is told of is the proxy
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(Node::port)
                        .containsExactly(proxy.port());

                // when: the proxy is cut, the client reaches nothing
                proxy.cut();
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                        .isInstanceOfAny(ExecutionException.class, TimeoutException.class);

                // and when it is reconnected, the client reaches the broker again
                proxy.reconnect();
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isNotBlank();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
