package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A typo anywhere in an object fails the check, with the object and the path of the typo. */
class StrictSchemasTest {

    private static ManifestCheck check;
    private static List<ObjectNode> dev;

    @BeforeAll
    static void render() {
        check = new ManifestCheck(Repository.root());
        dev = Kustomize.build(Repository.k8s().resolve("overlays/dev"));
    }

    /** The schema errors of one object of the dev rendering (valid as rendered) after {@code change}. */
    private static List<String> errorsAfter(String kind, String name, Consumer<ObjectNode> change) {
        final ObjectNode object = dev.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow()
                .deepCopy();
        assertThat(check.schemaErrors(List.of(object))).isEmpty();
        change.accept(object);
        return check.schemaErrors(List.of(object));
    }

    private static ObjectNode container(ObjectNode set) {
        return (ObjectNode) set.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
    }

    @Test
    void aMisspelledFieldOfAKubernetesObjectFails() {
        final List<String> errors = errorsAfter(
                "StatefulSet", "claim-service", set -> container(set).put("imagePullPolcy", "Always"));

        assertThat(errors)
                .singleElement()
                .asString()
                .contains("StatefulSet/baton-dev/claim-service")
                .contains("spec.template.spec.containers[0].imagePullPolcy: unknown field");
    }

    @Test
    void aStringWhereTheKubernetesApiWantsANumberFails() {
        final List<String> errors = errorsAfter(
                "StatefulSet", "claim-service", set -> set.with("spec").put("replicas", "3"));

        assertThat(errors).singleElement().asString().contains("claim-service: spec.replicas: Cannot coerce String");
    }

    @Test
    void aMalformedQuantityFails() {
        final List<String> errors = errorsAfter(
                "StatefulSet",
                "writer-service",
                set -> container(set).with("resources").with("limits").put("memory", "768MB"));

        assertThat(errors).singleElement().asString().contains("'768MB' is not a quantity");
    }

    @Test
    void aMisspelledFieldOfAStrimziResourceFails() {
        final List<String> errors = errorsAfter(
                "Kafka",
                "baton",
                kafka -> kafka.with("spec")
                        .with("kafka")
                        .set("listner", kafka.path("spec").path("kafka").path("listeners")));

        assertThat(errors)
                .singleElement()
                .asString()
                .contains("Kafka/baton-dev/baton")
                .contains("/spec/kafka")
                .contains("listner");
    }

    @Test
    void aMisspelledTopicSettingFailsButTheTopicsConfigStaysOpen() {
        final List<String> typo =
                errorsAfter("KafkaTopic", "claims", topic -> topic.with("spec").put("partitons", 12));
        final List<String> config = errorsAfter(
                "KafkaTopic",
                "claims",
                topic -> topic.with("spec").with("config").put("segment.bytes", "1073741824"));

        assertThat(typo)
                .singleElement()
                .asString()
                .contains("KafkaTopic/baton-dev/claims")
                .contains("partitons");
        assertThat(config).isEmpty();
    }

    @Test
    void anAclOperationStrimziDoesNotKnowFails() {
        final List<String> errors = errorsAfter(
                "KafkaUser",
                "writer-service",
                user -> ((ObjectNode) user.path("spec")
                                .path("authorization")
                                .path("acls")
                                .path(0))
                        .putArray("operations")
                        .add("Writ"));

        assertThat(errors)
                .singleElement()
                .asString()
                .contains("KafkaUser/baton-dev/writer-service")
                .contains("operations");
    }

    @Test
    void aMisspelledFieldInAStrimziResourcesMetadataFails() {
        final List<String> errors = errorsAfter(
                "KafkaNodePool",
                "dual",
                pool -> pool.with("metadata").with("lables").put("a", "b"));

        assertThat(errors).singleElement().asString().contains("lables");
    }

    @Test
    void aMisspelledFieldOfAPrometheusOperatorObjectFails() {
        final List<String> errors = errorsAfter(
                "PodMonitor", "baton-services", monitor -> monitor.with("spec").put("podMetricEndpoints", "x"));

        assertThat(errors).singleElement().asString().contains("podMetricEndpoints: unknown field");
    }

    @Test
    void aKindOrApiVersionWithoutASchemaFails() {
        final List<String> errors =
                errorsAfter("StatefulSet", "backlog-service", set -> set.put("apiVersion", "apps/v2"));

        assertThat(errors).singleElement().asString().contains("no schema for apiVersion/kind apps/v2/StatefulSet");
    }
}
