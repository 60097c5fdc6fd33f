package dev.baton.mcp.tools;

import dev.baton.client.BatonClient;
import dev.baton.contracts.limits.Limits;
import dev.baton.mcp.session.Session;
import dev.baton.mcp.session.Sessions;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the verified token's subject is the agent, the token itself is forwarded to the
 * API, and the call belongs to the session it came on (which must be the agent's own).
 */
@ApplicationScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    Sessions sessions;

    /** The caller's session and the client that acts as the caller on the API. */
    public Acting of(McpConnection connection) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            // The HTTP layer lets no call through without a token; this is a second lock on the door.
            throw new ToolCallException("no bearer token: every call needs Authorization: Bearer <token>");
        }
        final String agent = token.getSubject();
        if (agent == null || !Limits.AGENT.matcher(agent).matches()) {
            throw new ToolCallException("the token's subject is not a usable agent name: it " + Limits.AGENT_RULE);
        }
        try {
            final Session session = sessions.session(connection, agent, token.getRawToken());
            return new Acting(session, sessions.clientOf(session));
        } catch (Sessions.ForeignSessionException e) {
            throw new ToolCallException(e.getMessage());
        }
    }

    /** A caller's session, and the API as that caller. */
    public record Acting(Session session, BatonClient api) {
        public String agent() {
            return session.agent();
        }
    }
}
