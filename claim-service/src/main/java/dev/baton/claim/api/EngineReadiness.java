package dev.baton.claim.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the API can hear the engine's answers and knows where ready work is. */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    @Inject
    EngineGateway gateway;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("claim-api-replies").status(gateway.ready())
                .withData("partitions", gateway.partitions()).build();
    }
}
