package dev.baton.demo;

import dev.baton.client.BatonClient;
import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.identity.TokenMinter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulated agents' tokens. On a local stack each agent gets its own, minted from the stack's
 * key pair in {@code BATON_DATA_DIR/identity}, since the services take the agent from the token's
 * subject; elsewhere every agent shares {@code BATON_TOKEN}, and acts as its subject.
 */
final class DemoTokens {

    /** As long as a demo may run. */
    static final Duration TTL = Duration.ofDays(30);

    private final Optional<TokenMinter> minter;

    private DemoTokens(Optional<TokenMinter> minter) {
        this.minter = minter;
    }

    /** The tokens of the stack whose data folder is {@code BATON_DATA_DIR} ({@code ./data}). */
    static DemoTokens fromEnvironment() {
        final String token = System.getenv("BATON_TOKEN");
        if (token != null && !token.isBlank()) {
            return new DemoTokens(Optional.empty());
        }
        final Path dataDir = Path.of(System.getenv().getOrDefault("BATON_DATA_DIR", "data"));
        return new DemoTokens(LocalIdentity.find(dataDir).map(LocalIdentity::minter));
    }

    /** {@code client} acting as {@code name}, an agent that may also submit, cancel and redrive. */
    BatonClient as(BatonClient client, String name) {
        return minter.map(m ->
                        client.withAgent(name, m.mint(name, List.of(Role.AGENT, Role.SUBMITTER, Role.OPERATOR), TTL)))
                .orElseGet(() -> client.withAgent(name));
    }
}
