package dev.baton.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every service takes its Kafka clients' SASL and TLS settings from the environment the
 * Kubernetes manifests set, for SmallRye Kafka ({@code kafka.*}) and Kafka Streams
 * ({@code kafka-streams.*}) alike: a service that forgot one could not reach a secured cluster.
 */
class KafkaSecuritySettingsTest {

    private static final String[][] SETTINGS = {
        {"security.protocol", "BATON_KAFKA_SECURITY_PROTOCOL"},
        {"sasl.mechanism", "BATON_KAFKA_SASL_MECHANISM"},
        {"sasl.jaas.config", "BATON_KAFKA_SASL_JAAS_CONFIG"},
        {"ssl.truststore.type", "BATON_KAFKA_SSL_TRUSTSTORE_TYPE"},
        {"ssl.truststore.location", "BATON_KAFKA_SSL_TRUSTSTORE_LOCATION"}
    };

    @ParameterizedTest
    @ValueSource(strings = {"claim-service", "backlog-service", "writer-service"})
    void everyKafkaClientOfTheServiceReadsTheSecuritySettingsOfTheEnvironment(String service) throws IOException {
        final Path root = Path.of(System.getProperty("baton.root", ".."));
        final Properties properties = new Properties();
        try (Reader in =
                Files.newBufferedReader(root.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }

        for (String[] setting : SETTINGS) {
            assertThat(properties.getProperty("kafka." + setting[0]))
                    .as(service + ": kafka." + setting[0])
                    .startsWith("${" + setting[1] + ":");
            assertThat(properties.getProperty("kafka-streams." + setting[0]))
                    .as(service + ": kafka-streams." + setting[0])
                    .startsWith("${kafka." + setting[0]);
        }
    }
}
