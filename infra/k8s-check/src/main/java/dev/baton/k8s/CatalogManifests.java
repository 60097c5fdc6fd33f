package dev.baton.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.Access.Principal;
import dev.baton.contracts.catalog.TopicSpec;
import dev.baton.contracts.catalog.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Strimzi resources made from the catalog: a {@code KafkaTopic} per topic of {@link Topics}
 * and a {@code KafkaUser} per principal of {@link Access}, with that principal's ACLs. Written to
 * {@code infra/k8s/base/kafka/}; a test fails while the files there differ.
 */
public final class CatalogManifests {

    /** The Kafka cluster's name: Strimzi finds a topic's or user's cluster by this label. */
    public static final String CLUSTER = "baton";

    public static final String CLUSTER_LABEL = "strimzi.io/cluster";
    public static final String PURPOSE_ANNOTATION = "baton.dev/purpose";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String HEADER = """
            # Generated from %s by infra/k8s-check (CatalogManifests); do not edit.
            # Regenerate: docs/kubernetes.md, "Generated manifests".
            """;

    private CatalogManifests() {}

    /** {@code kafka/topics.yaml}: partitions, cleanup and retention as the catalog has them. */
    public static String topics() {
        final List<ObjectNode> documents = new ArrayList<>();
        for (TopicSpec topic : Topics.all()) {
            final ObjectNode resource = resource("KafkaTopic", topic.name(), topic.purpose());
            final ObjectNode spec = resource.putObject("spec");
            spec.put("partitions", topic.partitions());
            // Replicas and min.insync.replicas are the cluster's defaults, which each overlay sets.
            final ObjectNode config = spec.putObject("config");
            topic.configs().forEach(config::put);
            documents.add(resource);
        }
        return HEADER.formatted("contracts' catalog/Topics.java") + Yaml.writeAll(documents);
    }

    /** {@code kafka/users.yaml}: one SCRAM user per principal, with exactly its ACLs. */
    public static String users() {
        final List<ObjectNode> documents = new ArrayList<>();
        for (Principal principal : Access.all()) {
            final ObjectNode resource = resource("KafkaUser", principal.name(), principal.purpose());
            final ObjectNode spec = resource.putObject("spec");
            spec.putObject("authentication").put("type", "scram-sha-512");
            final ObjectNode authorization = spec.putObject("authorization");
            authorization.put("type", "simple");
            final ArrayNode acls = authorization.putArray("acls");
            for (Map.Entry<ResourcePattern, List<AclOperation>> entry :
                    byResource(principal).entrySet()) {
                final ObjectNode acl = acls.addObject();
                final ObjectNode target = acl.putObject("resource");
                target.put("type", resourceType(entry.getKey().resourceType()));
                target.put("name", entry.getKey().name());
                target.put("patternType", entry.getKey().patternType() == PatternType.PREFIXED ? "prefix" : "literal");
                final ArrayNode operations = acl.putArray("operations");
                entry.getValue().forEach(op -> operations.add(operation(op)));
                acl.put("host", "*");
            }
            documents.add(resource);
        }
        return HEADER.formatted("contracts' catalog/Access.java") + Yaml.writeAll(documents);
    }

    private static ObjectNode resource(String kind, String name, String purpose) {
        final ObjectNode resource = JSON.objectNode();
        resource.put("apiVersion", "kafka.strimzi.io/v1");
        resource.put("kind", kind);
        final ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put(CLUSTER_LABEL, CLUSTER);
        metadata.putObject("annotations").put(PURPOSE_ANNOTATION, purpose);
        return resource;
    }

    /** The principal's bindings, one entry per resource with its operations, in the order Access gives them. */
    private static Map<ResourcePattern, List<AclOperation>> byResource(Principal principal) {
        final Map<ResourcePattern, List<AclOperation>> grouped = new LinkedHashMap<>();
        for (AclBinding binding : principal.aclBindings()) {
            grouped.computeIfAbsent(binding.pattern(), p -> new ArrayList<>())
                    .add(binding.entry().operation());
        }
        return grouped;
    }

    private static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
            default -> throw new IllegalArgumentException("Strimzi has no ACL resource type for " + type);
        };
    }

    /** Kafka's operation names as Strimzi spells them: {@code IDEMPOTENT_WRITE} is {@code IdempotentWrite}. */
    private static String operation(AclOperation operation) {
        final StringBuilder name = new StringBuilder();
        for (String part : operation.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
