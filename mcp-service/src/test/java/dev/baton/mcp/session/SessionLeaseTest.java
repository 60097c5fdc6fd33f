package dev.baton.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkiverse.mcp.server.InitialRequest;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.McpLog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a session's grants are renewed, and when the session is let go: the clock given, no server. */
class SessionLeaseTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(10);

    @Test
    void aGrantIsDueForAHeartbeatAtAThirdOfItsLease() {
        final Session session = new Session("s1", "agent-7", new Connection(), "t", T0);

        final HeldGrant grant = session.hold("it-1", 3, T0.plusSeconds(30), T0);

        assertThat(grant.due(T0.plusSeconds(9))).isFalse();
        assertThat(grant.due(T0.plusSeconds(10))).isTrue();
    }

    @Test
    void aRenewalPutsTheNextHeartbeatAThirdOfTheLeaseLater() {
        final HeldGrant grant =
                new Session("s1", "agent-7", new Connection(), "t", T0).hold("it-1", 3, T0.plusSeconds(30), T0);

        assertThat(grant.startBeat()).isTrue();
        assertThat(grant.startBeat()).as("one heartbeat at a time").isFalse();
        grant.renewed(T0.plusSeconds(40), T0.plusSeconds(10));

        assertThat(grant.leaseUntil()).isEqualTo(T0.plusSeconds(40));
        assertThat(grant.due(T0.plusSeconds(19))).isFalse();
        assertThat(grant.due(T0.plusSeconds(20))).isTrue();
        assertThat(grant.startBeat()).isTrue();
    }

    @Test
    void anUnansweredHeartbeatIsTriedAgainWellWithinTheLease() {
        final HeldGrant grant =
                new Session("s1", "agent-7", new Connection(), "t", T0).hold("it-1", 3, T0.plusSeconds(30), T0);
        grant.startBeat();

        grant.unanswered(T0.plusSeconds(10));

        assertThat(grant.due(T0.plusSeconds(15))).isTrue();
        assertThat(grant.leaseUntil()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aSessionIsAliveWhileOpenAndUsedWithinItsIdleTime() {
        final Connection connection = new Connection();
        final Session session = new Session("s1", "agent-7", connection, "t", T0);

        assertThat(session.alive(T0.plus(IDLE).minusSeconds(1), IDLE)).isTrue();
        assertThat(session.alive(T0.plus(IDLE), IDLE)).isFalse();
        session.seen("t2", T0.plus(IDLE));
        assertThat(session.alive(T0.plus(IDLE).plusSeconds(1), IDLE)).isTrue();
        assertThat(session.token()).isEqualTo("t2");

        connection.status = McpConnection.Status.CLOSED;
        assertThat(session.alive(T0.plus(IDLE).plusSeconds(1), IDLE)).isFalse();
        assertThat(session.spent(T0.plus(IDLE).plusSeconds(1), IDLE)).isTrue();
    }

    @Test
    void aSilentSessionIsRememberedForAnHourAndUntilItsLastLeaseIsOver() {
        final Session session = new Session("s1", "agent-7", new Connection(), "t", T0);
        session.hold("it-1", 3, T0.plus(Duration.ofHours(2)), T0);

        assertThat(session.alive(T0.plus(IDLE), IDLE)).isFalse();
        assertThat(session.spent(T0.plus(Duration.ofMinutes(59)), IDLE)).isFalse();
        assertThat(session.spent(T0.plus(Duration.ofMinutes(90)), IDLE))
                .as("a lease still running")
                .isFalse();
        assertThat(session.spent(T0.plus(Duration.ofHours(2)).plusSeconds(1), IDLE))
                .isTrue();
    }

    @Test
    void forgettingAGrantLeavesALaterGrantOfTheSameItemAlone() {
        final Session session = new Session("s1", "agent-7", new Connection(), "t", T0);
        final HeldGrant first = session.hold("it-1", 3, T0.plusSeconds(30), T0);
        final HeldGrant second = session.hold("it-1", 5, T0.plusSeconds(60), T0.plusSeconds(30));

        session.forget(first);

        assertThat(session.grant("it-1")).containsSame(second);
    }

    /** The state of a connection, as the MCP extension reports it. */
    private static final class Connection implements McpConnection {
        Status status = Status.IN_OPERATION;

        @Override
        public String id() {
            return "s1";
        }

        @Override
        public Status status() {
            return status;
        }

        @Override
        public InitialRequest initialRequest() {
            return null;
        }

        @Override
        public McpLog.LogLevel logLevel() {
            return McpLog.LogLevel.INFO;
        }
    }
}
