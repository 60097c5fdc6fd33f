package dev.baton.contracts.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a Kafka client of Baton authenticates and what it trusts: the client settings every
 * producer, consumer and Streams application of every service takes from configuration, so a
 * cluster that requires SASL/SCRAM and TLS (Strimzi's {@code KafkaUser}s) is reachable. Each
 * service's {@code application.properties} maps them from the environment the Kubernetes
 * manifests set ({@code BATON_KAFKA_SECURITY_PROTOCOL}, {@code BATON_KAFKA_SASL_MECHANISM},
 * {@code BATON_KAFKA_SASL_JAAS_CONFIG}, {@code BATON_KAFKA_SSL_TRUSTSTORE_TYPE},
 * {@code BATON_KAFKA_SSL_TRUSTSTORE_LOCATION}) to {@code kafka.<setting>}: SmallRye Kafka reads
 * those itself, Kafka Streams through {@code kafka-streams.<setting>}, and the clients a service
 * makes by hand through {@link #of}.
 */
public final class ClientSecurity {

    /** The Kafka client settings, as Kafka names them, that say how to reach a secured cluster. */
    public static final List<String> SETTINGS = List.of(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.endpoint.identification.algorithm");

    /** The configuration prefix of the settings shared by every client of a service. */
    public static final String PREFIX = "kafka.";

    private ClientSecurity() {}

    /**
     * The settings that are set, read with {@code setting} under {@link #PREFIX}: nothing for a
     * local broker without authentication, where every one is unset or blank.
     */
    public static Map<String, Object> of(Function<String, Optional<String>> setting) {
        final Map<String, Object> settings = new LinkedHashMap<>();
        for (String name : SETTINGS) {
            setting.apply(PREFIX + name)
                    .filter(value -> !value.isBlank())
                    .ifPresent(value -> settings.put(name, value.strip()));
        }
        return settings;
    }

    /** {@code base} with the security settings added. */
    public static Map<String, Object> with(Map<String, Object> base, Map<String, Object> security) {
        final Map<String, Object> all = new LinkedHashMap<>(base);
        all.putAll(security);
        return all;
    }
}
