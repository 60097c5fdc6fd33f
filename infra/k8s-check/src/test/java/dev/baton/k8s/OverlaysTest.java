package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, every object it renders is valid, every reference in it holds. */
class OverlaysTest {

    private static final Path ROOT = Repository.root();
    private static ManifestCheck check;

    @BeforeAll
    static void schemas() {
        check = new ManifestCheck(ROOT);
    }

    private static List<ObjectNode> render(String overlay) {
        return Kustomize.build(ROOT.resolve("infra/k8s/overlays").resolve(overlay));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayRendersObjectsThatAreValidAndReferToOneAnother(String overlay) {
        final List<ObjectNode> objects = render(overlay);

        assertThat(objects).hasSizeGreaterThan(30);
        assertThat(check.errors(objects)).isEmpty();
    }

    @Test
    void devRunsOneKafkaNodeAndOneReplicaOfEachService() {
        final List<ObjectNode> objects = render("dev");

        assertThat(objects)
                .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                        .isEqualTo("baton-dev"));
        final List<ObjectNode> pools = ofKind(objects, "KafkaNodePool");
        assertThat(pools).singleElement().satisfies(pool -> {
            assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(pool.path("spec").path("roles").toString())
                    .contains("broker")
                    .contains("controller");
        });
        assertThat(replicas(objects))
                .containsOnly(
                        Map.entry("claim-service", 1), Map.entry("backlog-service", 1), Map.entry("writer-service", 1));
        assertThat(kafkaConfig(objects, "default.replication.factor")).isEqualTo(1);
        assertThat(kafkaConfig(objects, "min.insync.replicas")).isEqualTo(1);
    }

    @Test
    void prodRunsThreeBrokersThreeControllersAndSeveralReplicasSpreadOutAndBudgeted() {
        final List<ObjectNode> objects = render("prod");

        final Map<String, Integer> pools = ofKind(objects, "KafkaNodePool").stream()
                .collect(Collectors.toMap(
                        p -> p.path("spec").path("roles").toString(),
                        p -> p.path("spec").path("replicas").asInt()));
        assertThat(pools).containsOnly(Map.entry("[\"controller\"]", 3), Map.entry("[\"broker\"]", 3));
        assertThat(kafkaConfig(objects, "default.replication.factor")).isEqualTo(3);
        assertThat(kafkaConfig(objects, "min.insync.replicas")).isEqualTo(2);
        assertThat(ofKind(objects, "Kafka")
                        .get(0)
                        .path("spec")
                        .path("kafka")
                        .path("rack")
                        .path("topologyKey")
                        .asText())
                .isEqualTo("topology.kubernetes.io/zone");
        assertThat(replicas(objects).values()).allMatch(n -> n >= 2);
        for (ObjectNode set : ofKind(objects, "StatefulSet")) {
            final var pod = set.path("spec").path("template").path("spec");
            assertThat(pod.path("affinity").path("podAntiAffinity").isObject())
                    .as(name(set))
                    .isTrue();
            final var resources = pod.path("containers").path(0).path("resources");
            assertThat(resources.path("requests").path("cpu").isMissingNode())
                    .as(name(set))
                    .isFalse();
            assertThat(resources.path("limits").path("memory").isMissingNode())
                    .as(name(set))
                    .isFalse();
            assertThat(pod.path("containers").path(0).path("image").asText()).startsWith("registry.example.com/");
        }
        assertThat(ofKind(objects, "PodDisruptionBudget").stream().map(OverlaysTest::name))
                .containsExactlyInAnyOrder("claim-service", "backlog-service", "writer-service");
    }

    @Test
    void noSecretValueIsInAConfigMap() {
        for (String overlay : List.of("dev", "prod")) {
            for (ObjectNode map : ofKind(render(overlay), "ConfigMap")) {
                map.path("data")
                        .fieldNames()
                        .forEachRemaining(key -> assertThat(key)
                                .as(name(map))
                                .doesNotContainIgnoringCase("password")
                                .doesNotContainIgnoringCase("jaas")
                                .doesNotContainIgnoringCase("secret")
                                .doesNotContainIgnoringCase("private"));
            }
        }
    }

    private static Map<String, Integer> replicas(List<ObjectNode> objects) {
        return ofKind(objects, "StatefulSet").stream()
                .collect(Collectors.toMap(
                        OverlaysTest::name, s -> s.path("spec").path("replicas").asInt()));
    }

    private static int kafkaConfig(List<ObjectNode> objects, String key) {
        return ofKind(objects, "Kafka")
                .get(0)
                .path("spec")
                .path("kafka")
                .path("config")
                .path(key)
                .asInt();
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .toList();
    }

    static String name(ObjectNode o) {
        return o.path("metadata").path("name").asText();
    }
}
