package dev.baton.service;

import dev.baton.contracts.catalog.ClientSecurity;
import dev.baton.engine.client.EngineGateway;
import dev.baton.service.trace.TraceHeaders;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's one connection to the claim engine: started with the service, closed with it.
 * Named after the service ({@code quarkus.application.name}) in the broker's view.
 */
@ApplicationScoped
public class GatewayProducer {

    @Produces
    @Singleton
    @Startup
    EngineGateway gateway(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        // The caller's trace context rides on every command and submission (W3C traceparent).
        final Config config = ConfigProvider.getConfig();
        return new EngineGateway(
                        bootstrap, service, ClientSecurity.of(name -> config.getOptionalValue(name, String.class)))
                .stampingWith(headers -> TraceHeaders.inject(Context.current(), headers))
                .start();
    }

    void close(@Disposes EngineGateway gateway) {
        gateway.close();
    }
}
