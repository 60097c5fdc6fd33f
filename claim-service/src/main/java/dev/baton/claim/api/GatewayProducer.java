package dev.baton.claim.api;

import dev.baton.engine.client.EngineGateway;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The API's one connection to the engine: started with the service, closed with it. */
@ApplicationScoped
public class GatewayProducer {

    @Produces
    @Singleton
    @Startup
    EngineGateway gateway(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        return new EngineGateway(bootstrap, "claim-api").start();
    }

    void close(@Disposes EngineGateway gateway) {
        gateway.close();
    }
}
