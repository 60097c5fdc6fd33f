package dev.baton.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.identity.Role;
import dev.baton.infra.testing.AccessMatrix;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyEndpointRefusesNoTokenAndEveryOtherRoleAndLetsItsOwnRoleThrough() {
        final List<AccessMatrix.Endpoint> checked = AccessMatrix.check(base);

        assertThat(checked)
                .filteredOn(e -> e.method().equals("GET"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.roles()).containsExactly(Role.READER));
        assertThat(checked)
                .filteredOn(e -> e.path().startsWith("/items")
                        && e.method().equals("POST")
                        && !e.path().endsWith("/redrive"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.roles()).containsExactly(Role.SUBMITTER));
        assertThat(checked)
                .filteredOn(e -> e.method().equals("DELETE") || e.path().endsWith("/redrive"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.roles()).containsExactly(Role.OPERATOR));
    }
}
