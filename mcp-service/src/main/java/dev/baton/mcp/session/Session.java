package dev.baton.mcp.session;

import io.quarkiverse.mcp.server.McpConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One MCP session of one agent: the agent is the subject of the token that opened it, and the
 * session acts for no one else. It holds the grants it took and the caller's latest token, with
 * which its grants are heartbeated while it is alive.
 */
public final class Session {

    /** How long a silent, open session is remembered at least (the MCP extension closes it after an hour). */
    static final Duration FORGOTTEN = Duration.ofHours(1);

    private final String id;
    private final String agent;
    private final McpConnection connection;
    private final ConcurrentMap<String, HeldGrant> grants = new ConcurrentHashMap<>();
    private volatile String token;
    private volatile Instant lastSeen;

    Session(String id, String agent, McpConnection connection, String token, Instant now) {
        this.id = id;
        this.agent = agent;
        this.connection = connection;
        this.token = token;
        this.lastSeen = now;
    }

    public String id() {
        return id;
    }

    public String agent() {
        return agent;
    }

    public String token() {
        return token;
    }

    void seen(String latestToken, Instant now) {
        token = latestToken;
        lastSeen = now;
    }

    /** Open, and used within {@code idle}: its grants are worth keeping. */
    boolean alive(Instant now, Duration idle) {
        return !closed() && now.isBefore(lastSeen.plus(idle));
    }

    boolean closed() {
        return connection != null && connection.status() == McpConnection.Status.CLOSED;
    }

    /**
     * Nothing left to heartbeat, to answer for, or to guard: closed; or silent for {@link #FORGOTTEN}
     * (and past its idle time) with every lease over. Until then the session stays bound to its
     * agent, so no other agent can take over its id, and a late call hears why its grant is gone.
     */
    boolean spent(Instant now, Duration idle) {
        if (closed()) {
            return true;
        }
        final Instant quiet = lastSeen.plus(idle.compareTo(FORGOTTEN) > 0 ? idle : FORGOTTEN);
        return now.isAfter(quiet)
                && grants.values().stream()
                        .allMatch(g -> g.leaseUntil() == null || g.leaseUntil().isBefore(now));
    }

    public HeldGrant hold(String itemId, long epoch, Instant leaseUntil, Instant now) {
        final HeldGrant grant = new HeldGrant(itemId, epoch, leaseUntil, now);
        grants.put(itemId, grant);
        return grant;
    }

    public Optional<HeldGrant> grant(String itemId) {
        return Optional.ofNullable(grants.get(itemId));
    }

    /** A call of the caller's own renewed the lease (a progress report): the next heartbeat waits a third again. */
    public void renewed(HeldGrant grant, Instant until) {
        grant.renewedByCaller(until, Instant.now());
    }

    /** Forgets the grant, if it is still this one (a later claim of the same item may have replaced it). */
    public void forget(HeldGrant grant) {
        grants.remove(grant.itemId(), grant);
    }

    public List<HeldGrant> grants() {
        return List.copyOf(grants.values());
    }

    Collection<HeldGrant> liveGrants() {
        return grants.values();
    }
}
