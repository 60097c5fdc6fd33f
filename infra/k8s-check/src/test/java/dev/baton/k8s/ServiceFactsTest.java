package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.Access.Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ACL list (contracts' Access) names the group and application ids the services really use,
 * as their application.properties set them, and a principal per service.
 */
class ServiceFactsTest {

    private static final Path ROOT = Repository.root();

    @Test
    void eachServicesStreamsApplicationIdIsTheOneItsPrincipalMayUse() {
        for (Principal principal : List.of(Access.CLAIM_SERVICE, Access.BACKLOG_SERVICE, Access.WRITER_SERVICE)) {
            final ServiceFacts service = ServiceFacts.of(ROOT, principal.name()).orElseThrow();

            assertThat(service.resolve("quarkus.application.name", Map.of())).contains(principal.name());
            assertThat(principal.streamsApplications())
                    .containsExactly(service.resolve("quarkus.kafka-streams.application-id", Map.of())
                            .orElseThrow());
        }
    }

    @Test
    void eachConsumerGroupOfAServiceIsOneItsPrincipalMayUse() {
        for (Principal principal : List.of(Access.CLAIM_SERVICE, Access.BACKLOG_SERVICE, Access.WRITER_SERVICE)) {
            final ServiceFacts service = ServiceFacts.of(ROOT, principal.name()).orElseThrow();
            final List<String> groups = new ArrayList<>();
            for (String key : service.keys()) {
                if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                    groups.add(service.resolve(key, Map.of()).orElseThrow());
                }
            }

            assertThat(principal.consumerGroups()).as(principal.name()).containsExactlyInAnyOrderElementsOf(groups);
        }
        assertThat(Access.BACKLOG_SERVICE.consumerGroups()).containsExactly("baton-backlog-ingest");
    }

    @Test
    void theHealthAndMetricsPathsAreQuarkusDefaultsUnderQ() {
        final ServiceFacts claim = ServiceFacts.of(ROOT, "claim-service").orElseThrow();

        assertThat(claim.hasHealth()).isTrue();
        assertThat(claim.healthPath("started")).isEqualTo("/q/health/started");
        assertThat(claim.healthPath("ready")).isEqualTo("/q/health/ready");
        assertThat(claim.healthPath("live")).isEqualTo("/q/health/live");
        assertThat(claim.metricsPath()).isEqualTo("/q/metrics");
        assertThat(claim.httpPort(Map.of())).isEqualTo(8081);
        assertThat(claim.httpPort(Map.of("BATON_CLAIM_PORT", "9000"))).isEqualTo(9000);
    }
}
