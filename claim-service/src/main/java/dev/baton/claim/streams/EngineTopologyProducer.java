package dev.baton.claim.streams;

import dev.baton.claim.topology.ClaimTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the engine's topology to Quarkus, which runs it as a Kafka Streams application. */
@ApplicationScoped
public class EngineTopologyProducer {

    @Produces
    public Topology engine(EngineConfig config) {
        return ClaimTopology.build(config.settings(), config.tick());
    }
}
