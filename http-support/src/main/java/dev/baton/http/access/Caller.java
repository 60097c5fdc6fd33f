package dev.baton.http.access;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who is calling, from the verified token: its subject is the agent a claim verb acts for. A body
 * may still name the agent (older callers do); then it must be the same one.
 */
public final class Caller {

    private Caller() {}

    /** The token's subject, or {@code null} when the call was not authenticated. */
    public static String subject(SecurityContext context) {
        final Principal principal = context == null ? null : context.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    /**
     * The agent a claim verb acts for: the token's subject. A body's {@code agent} that names
     * anyone else is a {@link AccessProblems.NotYourself} (403).
     */
    public static String agent(SecurityContext context, String bodyAgent) {
        final String subject = subject(context);
        if (bodyAgent != null && !bodyAgent.equals(subject)) {
            throw new AccessProblems.NotYourself("agent");
        }
        return subject;
    }
}
