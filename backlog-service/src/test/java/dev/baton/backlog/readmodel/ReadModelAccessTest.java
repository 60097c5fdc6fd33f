package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The backlog-service's ACLs ({@link Access#BACKLOG_SERVICE}) cover what its read model reads and writes. */
class ReadModelAccessTest {

    @Test
    void theReadModelReadsOnlyTopicsItsPrincipalMayReadAndWritesNone() {
        final TopologyDescription description = ReadModelTopology.build(new Rates(Clock.systemUTC()), new ViewChanges())
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

        assertThat(sources).isNotEmpty();
        assertThat(Access.BACKLOG_SERVICE.reads().stream().map(t -> t.name()).toList())
                .containsAll(sources);
        assertThat(sinks).isEmpty();
    }
}
