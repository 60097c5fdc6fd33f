package dev.baton.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientSecurityTest {

    @Test
    void onlyTheSettingsThatAreSetReachAClientUnderTheirKafkaNames() {
        final Map<String, String> config = Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "  jaas line  ",
                "kafka.ssl.truststore.location", " ",
                "kafka.bootstrap.servers", "elsewhere:9093");

        final Map<String, Object> settings = ClientSecurity.of(name -> Optional.ofNullable(config.get(name)));

        assertThat(settings)
                .containsExactly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("sasl.jaas.config", "jaas line"));
    }

    @Test
    void aLocalBrokerWithoutAuthenticationGetsNothingAdded() {
        assertThat(ClientSecurity.of(name -> Optional.empty())).isEmpty();
        assertThat(ClientSecurity.with(Map.of("acks", "all"), Map.of())).containsExactly(Map.entry("acks", "all"));
    }
}
