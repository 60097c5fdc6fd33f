package dev.baton.mcp;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.infra.testing.TestTokens;
import java.time.Duration;
import java.util.List;

/**
 * Bearer tokens for the tests, from the one key pair of the test JVM ({@code TestTokens}), which the
 * MCP server and the API services under it verify: RS256, issuer {@code baton-local}, audience
 * {@code baton}, the roles in {@code groups}.
 */
final class Tokens {

    private Tokens() {}

    /** An LLM agent's token: it works items, submits and looks around. */
    static String agent(String subject) {
        return TestTokens.of(subject, Role.AGENT, Role.SUBMITTER, Role.READER);
    }

    /** A token signed with a key nobody trusts. */
    static String forged(String subject) {
        return TestTokens.stranger().mint(subject, List.of(Role.AGENT), Duration.ofHours(1));
    }

    /** A token of the right key from another issuer. */
    static String otherIssuer(String subject) {
        return TestTokens.minter("elsewhere", LocalIdentity.AUDIENCE)
                .mint(subject, List.of(Role.AGENT), Duration.ofHours(1));
    }
}
