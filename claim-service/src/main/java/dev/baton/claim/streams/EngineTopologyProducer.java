package dev.baton.claim.streams;

import dev.baton.claim.observe.EngineObservation;
import dev.baton.claim.topology.ClaimTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the engine's topology to Quarkus, which runs it as a Kafka Streams application; observed (metrics, traces). */
@ApplicationScoped
public class EngineTopologyProducer {

    @Produces
    public Topology engine(EngineConfig config, EngineObservation observation) {
        return ClaimTopology.build(config.settings(), config.tick(), observation::around);
    }
}
