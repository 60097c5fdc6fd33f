package dev.baton.claim.api;

import dev.baton.engine.client.EngineGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the engine has run (its tasks assigned and restored at least once) and the API can
 * hear the engine's answers and knows where ready work is. Before that, calls would only wait.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    @Inject
    EngineGateway gateway;

    @Inject
    KafkaStreams streams;

    private final AtomicBoolean engineRan = new AtomicBoolean();

    @Override
    public HealthCheckResponse call() {
        final KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            engineRan.set(true);
        }
        final boolean engineUp = engineRan.get() && state.isRunningOrRebalancing();
        return HealthCheckResponse.named("claim-engine")
                .status(engineUp && gateway.ready())
                .withData("engine", state.name())
                .withData("replies", gateway.ready() ? "listening" : "starting")
                .withData("partitions", gateway.partitions())
                .build();
    }
}
