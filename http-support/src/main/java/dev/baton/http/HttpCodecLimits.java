package dev.baton.http;

import dev.baton.contracts.limits.Limits;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The HTTP codec's limits, from {@link Limits} rather than restated in each service's
 * {@code application.properties}. The codec refuses what passes them with an empty answer before
 * any of Baton's code runs, so they are set well above Baton's own limits, which
 * {@link HttpEdge} enforces with a problem. The body limit is the largest any endpoint takes (a
 * batch); each endpoint's own is {@link HttpEdge}'s. Its ordinal is below
 * {@code application.properties}, which may still override a key.
 */
public class HttpCodecLimits implements ConfigSource {

    private static final Map<String, String> VALUES = Map.of(
            "quarkus.http.limits.max-initial-line-length", Integer.toString(Limits.CODEC_MAX_INITIAL_LINE),
            "quarkus.http.limits.max-header-size", Integer.toString(Limits.CODEC_MAX_HEADERS_BYTES),
            "quarkus.http.limits.max-body-size", Integer.toString(Limits.MAX_BATCH_BODY_BYTES));

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "baton-http-codec-limits";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
