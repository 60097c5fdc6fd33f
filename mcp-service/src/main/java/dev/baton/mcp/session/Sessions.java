package dev.baton.mcp.session;

import dev.baton.client.Ack;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.RejectedException;
import dev.baton.mcp.config.McpSettings;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every MCP session this server has, and the one place their leases are held: while a session is
 * alive (open, and used within {@code baton.mcp.session-idle}) each of its grants is heartbeated
 * at a third of its lease; once it is closed or silent the heartbeats stop and the engine takes the
 * items back when their leases run out, as for a worker that died. A refused heartbeat (the lease
 * was lost) forgets the grant.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger("baton.mcp");
    /** How often the grants are looked at: fine enough for the shortest lease (1 s) to be renewed in time. */
    static final Duration TICK = Duration.ofMillis(100);

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final BatonClient api;
    private final Duration idle;
    private ScheduledExecutorService ticker;
    private ExecutorService beats;

    @Inject
    Sessions(BatonClient api, McpSettings settings) {
        this.api = api;
        this.idle = settings.sessionIdle();
    }

    void start(@Observes StartupEvent started) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baton-mcp-leases"));
        // Heartbeats are blocking calls: one slow answer must not hold back the others' renewals.
        beats = Executors.newCachedThreadPool(r -> daemon(r, "baton-mcp-heartbeat"));
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (ticker != null) {
            ticker.shutdownNow();
            beats.shutdownNow();
        }
    }

    /**
     * The caller's session, opened on its first call and bound to the caller's agent: a call on a
     * session with another agent's token is refused, so no one can act on grants another took.
     */
    public Session session(McpConnection connection, String agent, String token) {
        final Instant now = Instant.now();
        final Session session = sessions.computeIfAbsent(connection.id(), id -> {
            LOG.infof("baton.mcp.session id=%s agent=%s status=opened", id, agent);
            return new Session(id, agent, connection, token, now);
        });
        if (!session.agent().equals(agent)) {
            LOG.warnf(
                    "baton.mcp.session id=%s agent=%s status=refused caller=%s", session.id(), session.agent(), agent);
            throw new ForeignSessionException(session.agent());
        }
        session.seen(token, now);
        return session;
    }

    /** The session's grants as the API sees them: the client every heartbeat of this session uses. */
    public BatonClient clientOf(Session session) {
        return api.withAgent(session.agent()).withToken(session.token());
    }

    int size() {
        return sessions.size();
    }

    void tick() {
        try {
            final Instant now = Instant.now();
            for (Session session : sessions.values()) {
                if (session.spent(now, idle)) {
                    sessions.remove(session.id(), session);
                    LOG.infof(
                            "baton.mcp.session id=%s agent=%s status=%s grants=%d",
                            session.id(),
                            session.agent(),
                            session.closed() ? "closed" : "expired",
                            session.grants().size());
                    continue;
                }
                if (!session.alive(now, idle)) {
                    continue;
                }
                for (HeldGrant grant : session.liveGrants()) {
                    if (grant.due(now) && grant.startBeat()) {
                        beats.execute(() -> beat(session, grant));
                    }
                }
            }
        } catch (RuntimeException e) {
            // The ticker must outlive anything one pass meets, or every lease would lapse.
            LOG.errorf(e, "baton.mcp.leases status=tick-failed");
        }
    }

    private void beat(Session session, HeldGrant grant) {
        try {
            final Ack ack = clientOf(session).heartbeat(grant.itemId(), grant.epoch(), null, null);
            grant.renewed(ack.leaseUntil(), Instant.now());
        } catch (RejectedException e) {
            if (e.reason().leaseLost()) {
                session.forget(grant);
                LOG.infof(
                        "baton.mcp.heartbeat id=%s agent=%s epoch=%d status=lost reason=%s",
                        grant.itemId(), session.agent(), grant.epoch(), e.reasonName());
            } else {
                grant.unanswered(Instant.now());
            }
        } catch (BatonException | IllegalArgumentException e) {
            grant.unanswered(Instant.now());
            LOG.warnf(
                    "baton.mcp.heartbeat id=%s agent=%s epoch=%d status=unanswered error=%s",
                    grant.itemId(), session.agent(), grant.epoch(), e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            grant.unanswered(Instant.now());
            LOG.errorf(e, "baton.mcp.heartbeat id=%s status=failed", grant.itemId());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        final Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A call on a session that another agent opened. */
    public static final class ForeignSessionException extends RuntimeException {
        public ForeignSessionException(String owner) {
            super("this MCP session belongs to " + owner + "; open a session of your own");
        }
    }
}
