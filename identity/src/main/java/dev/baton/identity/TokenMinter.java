package dev.baton.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints the tokens a Baton service accepts: a JWT signed RS256, whose subject is the caller (for
 * an agent, the agent itself) and whose {@code groups} are its roles, with issuer, audience, issue
 * time, expiry and an id. The JDK signs it; the services verify it with SmallRye JWT, so this is the
 * only place that writes one, for the launcher, the CLI, the demo and the tests alike.
 */
public final class TokenMinter {

    /** A subject is a name, not a document: bounded, and without control characters. */
    public static final int MAX_SUBJECT = 256;

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER =
            URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final PrivateKey key;
    private final String issuer;
    private final String audience;

    public TokenMinter(PrivateKey key, String issuer, String audience) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    /** A token for {@code subject} with {@code roles}, valid from now for {@code ttl}. */
    public String mint(String subject, Collection<String> roles, Duration ttl) {
        return mint(subject, roles, Instant.now(), ttl);
    }

    /** A token issued at {@code issuedAt} (tests date one in the past to see it refused as expired). */
    public String mint(String subject, Collection<String> roles, Instant issuedAt, Duration ttl) {
        checkSubject(subject);
        for (String role : roles) {
            if (!Role.known(role)) {
                throw new IllegalArgumentException("no such role: " + quoted(role) + "; roles are " + Role.ALL);
            }
        }
        final long iat = issuedAt.getEpochSecond();
        final String claims = "{\"iss\":" + quoted(issuer)
                + ",\"aud\":" + quoted(audience)
                + ",\"sub\":" + quoted(subject)
                + ",\"upn\":" + quoted(subject)
                + ",\"groups\":[" + roles.stream().map(TokenMinter::quoted).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + iat
                + ",\"exp\":" + (iat + ttl.toSeconds())
                + ",\"jti\":" + quoted(UUID.randomUUID().toString())
                + "}";
        final String signed = HEADER + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            final Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not sign with an RSA key", e);
        }
    }

    private static void checkSubject(String subject) {
        if (subject == null
                || subject.isBlank()
                || subject.length() > MAX_SUBJECT
                || subject.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "a subject is 1 to " + MAX_SUBJECT + " characters without control characters");
        }
    }

    /** {@code text} as a JSON string. */
    static String quoted(String text) {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
