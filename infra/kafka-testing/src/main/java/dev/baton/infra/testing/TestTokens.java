package dev.baton.infra.testing;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.identity.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tests' identity: one key pair per test JVM, made as a local stack makes its own, which the
 * services under test verify tokens with ({@link #settings()}, given by {@link KafkaTestResource}),
 * and the tokens each test calls them with, minted per subject by the one minter every caller uses.
 */
public final class TestTokens {

    private static final LocalIdentity IDENTITY = create();
    private static final LocalIdentity STRANGER = create();

    private TestTokens() {}

    /** A token for {@code subject} with {@code roles}, good for an hour. */
    public static String of(String subject, String... roles) {
        return IDENTITY.minter().mint(subject, List.of(roles), Duration.ofHours(1));
    }

    /** An agent's token: its subject is the agent. */
    public static String agent(String name) {
        return of(name, Role.AGENT);
    }

    /** A token with every role, for tests about something else than access. */
    public static String everyRole(String subject) {
        return of(subject, Role.ALL.toArray(String[]::new));
    }

    /** The minter itself, for tokens that are wrong on purpose (expired). */
    public static TokenMinter minter() {
        return IDENTITY.minter();
    }

    /** A minter with the tests' key for another issuer or audience. */
    public static TokenMinter minter(String issuer, String audience) {
        return IDENTITY.minter(issuer, audience);
    }

    /** A minter with a key nobody trusts: its tokens look right and are signed wrong. */
    public static TokenMinter stranger() {
        return STRANGER.minter();
    }

    /** The public key the services under test verify with. */
    public static Path verifyKey() {
        return IDENTITY.verifyKey();
    }

    /** The settings that make a service verify this JVM's tokens. */
    public static Map<String, String> settings() {
        return Map.of(
                "mp.jwt.verify.publickey.location", verifyKey().toString(),
                "mp.jwt.verify.issuer", LocalIdentity.ISSUER,
                "mp.jwt.verify.audiences", LocalIdentity.AUDIENCE);
    }

    private static LocalIdentity create() {
        try {
            final Path folder = Files.createTempDirectory("baton-test-identity");
            folder.toFile().deleteOnExit();
            return LocalIdentity.ensure(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("no folder for the tests' key pair", e);
        }
    }
}
