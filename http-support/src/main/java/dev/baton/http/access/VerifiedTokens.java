package dev.baton.http.access;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once and takes the same token on its word for a short while. An
 * agent sends the same token on every call, and checking its RS256 signature again each time was
 * a tenth of a service's work under load (docs/performance.md, the profile).
 *
 * <p>Only a token that verified is kept, under its whole text: a token changed by one character
 * is another key and is verified. A kept token is dropped at its expiry time or after
 * {@link #KEEP}, whichever comes first, so a new verification key takes effect within a minute;
 * an unbounded number of distinct valid tokens cannot grow the map past {@link #MAX_KEPT}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** How long a verified token is taken on its word at most. */
    static final Duration KEEP = Duration.ofSeconds(60);
    /** How many verified tokens are kept at most; past it the map starts again. */
    static final int MAX_KEPT = 10_000;

    private record Verified(JsonWebToken token, long untilMillis) {}

    private final JWTParser parser;
    private final LongSupplier clockMillis;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokens(DefaultJWTParser parser) {
        this(parser, System::currentTimeMillis);
    }

    VerifiedTokens(JWTParser parser, LongSupplier clockMillis) {
        this.parser = parser;
        this.clockMillis = clockMillis;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        final long now = clockMillis.getAsLong();
        final Verified kept = verified.get(bearerToken);
        if (kept != null && now < kept.untilMillis()) {
            return kept.token();
        }
        final JsonWebToken token = parser.parse(bearerToken);
        final long expires = token.getExpirationTime() * 1000;
        final long until = Math.min(now + KEEP.toMillis(), expires);
        if (until > now) {
            if (verified.size() >= MAX_KEPT) {
                verified.clear();
            }
            verified.put(bearerToken, new Verified(token, until));
        } else if (kept != null) {
            verified.remove(bearerToken);
        }
        return token;
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(bearerToken, context);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return parser.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return parser.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return parser.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return parser.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return parser.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return parser.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return parser.parseOnly(bearerToken);
    }
}
