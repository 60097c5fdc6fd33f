package dev.baton.http.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.identity.TokenMinter;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified-token memory over SmallRye's real parser and tokens from the stack's own minter: a
 * token is verified once, never kept past its expiry or the keep time, and only what verified is
 * kept.
 */
class VerifiedTokensTest {

    @TempDir
    Path dataDir;

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger verifications = new AtomicInteger();

    private TokenMinter minter() {
        return LocalIdentity.ensure(dataDir).minter();
    }

    /** SmallRye's parser, as the services configure it, counting each verification it makes. */
    private VerifiedTokens tokens() throws Exception {
        final JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(
                Files.readString(LocalIdentity.ensure(dataDir).verifyKey()));
        context.setIssuedBy(LocalIdentity.ISSUER);
        context.setExpectedAudience(Set.of(LocalIdentity.AUDIENCE));
        context.setClockSkew(0);
        final DefaultJWTParser real = new DefaultJWTParser(context);
        final JWTParser counted = (JWTParser) Proxy.newProxyInstance(
                JWTParser.class.getClassLoader(), new Class<?>[] {JWTParser.class}, (proxy, method, args) -> {
                    verifications.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new VerifiedTokens(counted, clock::get);
    }

    @Test
    void theSameTokenIsVerifiedOnce() throws Exception {
        final VerifiedTokens tokens = tokens();
        final String token = minter().mint("agent-7", List.of(Role.AGENT), Duration.ofHours(1));

        final JsonWebToken first = tokens.parse(token);
        final JsonWebToken second = tokens.parse(token);

        assertThat(second.getSubject()).isEqualTo("agent-7");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenChangedByOneCharacterIsRefusedThoughTheGenuineOneIsKept() throws Exception {
        final VerifiedTokens tokens = tokens();
        final String token = minter().mint("agent-7", List.of(Role.AGENT), Duration.ofHours(1));
        tokens.parse(token);
        final int last = token.length() - 2;
        final String forged =
                token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged))
                .as("a refused token is not kept: it is verified, and refused, each time")
                .isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aKeptTokenIsVerifiedAgainOnceItsExpiryHasPassed() throws Exception {
        final VerifiedTokens tokens = tokens();
        // Issued so that it expires 5 s from now (by the wall clock the real parser reads).
        final String token =
                minter().mint("agent-7", List.of(Role.AGENT), Instant.now().minusSeconds(10), Duration.ofSeconds(15));
        final long expiresMillis = tokens.parse(token).getExpirationTime() * 1000;

        clock.set(expiresMillis - 1);
        tokens.parse(token);
        assertThat(verifications).as("kept until its expiry").hasValue(1);

        clock.set(expiresMillis);
        tokens.parse(token);
        assertThat(verifications).as("not kept past it: verified again").hasValue(2);
    }

    @Test
    void aKeptTokenIsVerifiedAgainAfterTheKeepTime() throws Exception {
        final VerifiedTokens tokens = tokens();
        final String token = minter().mint("agent-7", List.of(Role.AGENT), Duration.ofHours(1));
        tokens.parse(token);

        clock.addAndGet(VerifiedTokens.KEEP.toMillis());
        tokens.parse(token);

        assertThat(verifications).hasValue(2);
    }
}
