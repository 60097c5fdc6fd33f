package dev.baton.infra.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 on the local broker: the mechanism, and the client settings of one user. The
 * broker's own user ({@link #ADMIN}) is its inter-broker identity and a super user; every other
 * user gets only what its ACLs allow.
 */
public final class Scram {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";
    /** The broker itself, and the admin client that installs topics, users and ACLs. */
    public static final String ADMIN = "baton-admin";

    private Scram() {}

    /** The client settings of {@code user}: as the services take them from BATON_KAFKA_* (docs/security.md). */
    public static Map<String, Object> clientSettings(String user, String password) {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", PROTOCOL);
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaas(user, password));
        return settings;
    }

    /** The JAAS line of {@code user}; neither may hold a quote or a backslash. */
    public static String jaas(String user, String password) {
        for (String value : new String[] {user, password}) {
            if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("a SCRAM user or password may not hold quotes or backslashes");
            }
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }
}
