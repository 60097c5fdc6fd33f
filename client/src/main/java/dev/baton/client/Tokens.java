package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;

/**
 * What a client reads in its own token: only the subject, to name itself after it. The token is
 * not verified here (the services do that); a token whose subject cannot be read names no one,
 * and the client falls back to its own default name.
 */
final class Tokens {

    private Tokens() {}

    /** The {@code sub} of a JWT, or {@code null}. */
    static String subject(String token) {
        final String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            final JsonNode claims = Wire.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            final JsonNode sub = claims == null ? null : claims.get("sub");
            return sub != null && sub.isTextual() && !sub.asText().isBlank() ? sub.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
