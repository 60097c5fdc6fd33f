package dev.baton.writer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.Topics;
import dev.baton.writer.material.MaterialSettings;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The writer-service's ACLs ({@link Access#WRITER_SERVICE}) cover what its topology reads and
 * writes; a topic outside the catalog is one of its own repartitions, which its application id
 * prefixes and its prefix grant covers.
 */
class DevlogTopologyAccessTest {

    @Test
    void theTopologyUsesOnlyTopicsItsPrincipalMayUse() {
        final TopologyDescription description = DevlogTopology.build(new MaterialSettings(ZoneId.of("UTC"), 500, 200))
                .describe();
        final Set<String> sources = new TreeSet<>();
        final Set<String> sinks = new TreeSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(node -> {
                    if (node instanceof TopologyDescription.Source source) {
                        sources.addAll(source.topicSet());
                    } else if (node instanceof TopologyDescription.Sink sink) {
                        sinks.add(sink.topic());
                    }
                }));
        final Set<String> internal = new TreeSet<>();
        sources.stream().filter(t -> Topics.byName(t).isEmpty()).forEach(internal::add);
        sinks.stream().filter(t -> Topics.byName(t).isEmpty()).forEach(internal::add);
        sources.removeAll(internal);
        sinks.removeAll(internal);

        assertThat(Access.WRITER_SERVICE.reads().stream().map(t -> t.name()).toList())
                .containsAll(sources);
        assertThat(Access.WRITER_SERVICE.writes().stream().map(t -> t.name()).toList())
                .containsAll(sinks);
        assertThat(sources).contains(Topics.ITEM_EVENTS.name());
        assertThat(sinks).contains(Topics.ITEM_EVENTS_DLQ.name());
        assertThat(internal).isNotEmpty().allMatch(t -> t.endsWith("-repartition"));
        assertThat(Access.WRITER_SERVICE.streamsApplications()).containsExactly("baton-writer");
    }
}
