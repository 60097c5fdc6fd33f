package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The topics and users of infra/k8s are the catalog's, and the monitoring objects are the files
 * of infra/observability: one source of truth each. {@code -Dbaton.k8s.write=true} rewrites them.
 */
class GeneratedManifestsTest {

    private final Path root = Repository.root();

    @Test
    void theGeneratedManifestsAreThoseOfTheCatalogAndTheObservabilityFiles() {
        if (Boolean.getBoolean("baton.k8s.write")) {
            GeneratedManifests.write(root);
        }

        assertThat(GeneratedManifests.stale(root))
                .as("stale generated manifests; rewrite them with -Dbaton.k8s.write=true (docs/kubernetes.md)")
                .isEmpty();
    }

    @Test
    void everyCatalogTopicIsAKafkaTopicWithItsPartitionsCleanupAndRetention() {
        final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> topics = byName(CatalogManifests.topics());

        assertThat(topics.keySet())
                .containsExactlyElementsOf(
                        Topics.all().stream().map(t -> t.name()).toList());
        Topics.all().forEach(topic -> {
            final var spec = topics.get(topic.name()).path("spec");
            assertThat(spec.path("partitions").asInt()).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(spec.path("config").path("cleanup.policy").asText())
                    .isEqualTo(topic.cleanup().configValue());
            if (topic.retention() == null) {
                assertThat(spec.path("config").has("retention.ms"))
                        .as(topic.name())
                        .isFalse();
            } else {
                assertThat(spec.path("config").path("retention.ms").asText())
                        .isEqualTo(Long.toString(topic.retention().toMillis()));
            }
        });
        assertThat(topics.get("claim-replies")
                        .path("spec")
                        .path("config")
                        .path("retention.ms")
                        .asText())
                .isEqualTo("3600000");
    }

    @Test
    void everyPrincipalIsAScramKafkaUserWithOnlyItsOwnWrites() {
        final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> users = byName(CatalogManifests.users());

        assertThat(users.keySet())
                .containsExactlyElementsOf(
                        Access.all().stream().map(p -> p.name()).toList());
        final var writer = users.get("writer-service").path("spec");
        assertThat(writer.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        final List<String> writable = new java.util.ArrayList<>();
        writer.path("authorization").path("acls").forEach(acl -> {
            if (acl.path("resource").path("type").asText().equals("topic")
                    && acl.path("operations").toString().contains("\"Write\"")) {
                writable.add(acl.path("resource").path("name").asText());
            }
        });
        // The writer is an agent of the public API: its devlog items go through the other services.
        assertThat(writable).containsExactlyInAnyOrder("devlog-posts", "item-events-dlq");
    }

    private static Map<String, com.fasterxml.jackson.databind.node.ObjectNode> byName(String yaml) {
        final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> byName = new java.util.LinkedHashMap<>();
        Yaml.documents(yaml, "generated")
                .forEach(d -> byName.put(d.path("metadata").path("name").asText(), d));
        return byName;
    }
}
