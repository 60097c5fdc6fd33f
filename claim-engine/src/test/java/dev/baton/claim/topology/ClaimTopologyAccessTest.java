package dev.baton.claim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.claim.engine.Settings;
import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.TopicSpec;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The claim-service's ACLs ({@link Access#CLAIM_SERVICE}) cover every topic its engine reads and writes. */
class ClaimTopologyAccessTest {

    private final TopologyDescription description =
            ClaimTopology.build(Settings.defaults(), Duration.ofMillis(100)).describe();

    @Test
    void theEngineReadsOnlyTopicsItsPrincipalMayRead() {
        final Set<String> sources = new TreeSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(node -> {
                    if (node instanceof TopologyDescription.Source source) {
                        sources.addAll(source.topicSet());
                    }
                }));

        assertThat(sources).isNotEmpty();
        assertThat(names(Access.CLAIM_SERVICE.reads())).containsAll(sources);
    }

    @Test
    void theEngineWritesOnlyTopicsItsPrincipalMayWrite() {
        final Set<String> sinks = new TreeSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(node -> {
                    if (node instanceof TopologyDescription.Sink sink) {
                        sinks.add(sink.topic());
                    }
                }));

        assertThat(sinks).isNotEmpty();
        assertThat(names(Access.CLAIM_SERVICE.writes())).containsAll(sinks);
    }

    private static Set<String> names(java.util.List<TopicSpec> topics) {
        final Set<String> names = new TreeSet<>();
        topics.forEach(t -> names.add(t.name()));
        return names;
    }
}
