package dev.baton.backlog.engine;

import dev.baton.engine.client.EngineGateway;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The backlog service's connection to the claim engine: submissions, cancel and redrive are
 * answered by the engine, the one writer of item state, so that racing repeats of one
 * idempotency key get one item and every caller a definite answer.
 */
@ApplicationScoped
public class GatewayProducer {

    @Produces
    @Singleton
    @Startup
    EngineGateway gateway(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        return new EngineGateway(bootstrap, "backlog").start();
    }

    void close(@Disposes EngineGateway gateway) {
        gateway.close();
    }
}
