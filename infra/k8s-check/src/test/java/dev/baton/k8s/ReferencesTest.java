package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A broken reference in an otherwise valid rendering fails the check, naming what it misses. */
class ReferencesTest {

    private static final Path ROOT = Repository.root();
    private static List<ObjectNode> prod;

    @BeforeAll
    static void render() {
        prod = Kustomize.build(Repository.k8s().resolve("overlays/prod"));
    }

    private static List<String> errorsAfter(String kind, String name, Consumer<ObjectNode> change) {
        final List<ObjectNode> copy = prod.stream().map(ObjectNode::deepCopy).toList();
        change.accept(copy.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow());
        return References.check(copy, ROOT);
    }

    private static ObjectNode container(ObjectNode set) {
        return (ObjectNode) set.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
    }

    @Test
    void theUnchangedRenderingHasNoBrokenReference() {
        assertThat(References.check(prod, ROOT)).isEmpty();
    }

    @Test
    void aServiceThatSelectsNoPodFails() {
        assertThat(errorsAfter(
                        "Service",
                        "claim-service",
                        s -> s.with("spec").with("selector").put("app.kubernetes.io/name", "claim")))
                .containsExactly("v1/Service/baton/claim-service: selects no pods");
    }

    @Test
    void aServicePortThePodsDoNotHaveFails() {
        assertThat(errorsAfter(
                        "Service",
                        "backlog-service",
                        s -> ((ObjectNode) s.path("spec").path("ports").path(0)).put("targetPort", "web")))
                .containsExactly(
                        "v1/Service/baton/backlog-service: targetPort \"web\" is no port of StatefulSet/backlog-service");
    }

    @Test
    void aVolumeOfASecretThatNothingMakesFails() {
        assertThat(errorsAfter(
                        "StatefulSet",
                        "writer-service",
                        s -> ((ObjectNode) s.path("spec")
                                        .path("template")
                                        .path("spec")
                                        .path("volumes")
                                        .path(2)
                                        .path("secret"))
                                .put("secretName", "baton-cluster-ca")))
                .singleElement()
                .asString()
                .contains("Secret 'baton-cluster-ca' does not exist");
    }

    @Test
    void aMountOfNoVolumeFails() {
        assertThat(errorsAfter(
                        "StatefulSet",
                        "claim-service",
                        s -> ((ObjectNode) container(s).path("volumeMounts").path(0)).put("name", "state")))
                .anySatisfy(e -> assertThat(e).contains("mounts 'state', which is no volume or claim"));
    }

    @Test
    void aPasswordFromAKafkaUserThatDoesNotExistFails() {
        assertThat(errorsAfter(
                        "KafkaUser", "backlog-service", u -> u.with("metadata").put("name", "backlog")))
                .anySatisfy(e -> assertThat(e).contains("reads Secret 'backlog-service', which does not exist"));
    }

    @Test
    void aProbeOnAPathTheServiceDoesNotServeFails() {
        assertThat(errorsAfter(
                        "StatefulSet",
                        "claim-service",
                        s -> ((ObjectNode) container(s).path("livenessProbe").path("httpGet"))
                                .put("path", "/q/health")))
                .containsExactly("apps/v1/StatefulSet/baton/claim-service container claim-service: livenessProbe asks"
                        + " /q/health, the service serves /q/health/live");
    }

    @Test
    void aContainerPortOtherThanTheServicesConfiguredPortFails() {
        assertThat(errorsAfter(
                        "StatefulSet",
                        "writer-service",
                        s -> ((ObjectNode) container(s).path("ports").path(0)).put("containerPort", 8080)))
                .anySatisfy(e -> assertThat(e).contains("port http is 8080 but writer-service listens on 8082"));
    }

    @Test
    void aStaticMemberIdThatIsNotThePodNameFails() {
        assertThat(errorsAfter("StatefulSet", "claim-service", s -> {
                    final ArrayNode env = (ArrayNode) container(s).path("env");
                    ((ObjectNode) env.path(0)).remove("valueFrom");
                    ((ObjectNode) env.path(0)).put("value", "claim");
                }))
                .anySatisfy(e -> assertThat(e).contains("BATON_INSTANCE_ID must be the pod name"));
    }

    @Test
    void streamsStateOffTheVolumeFails() {
        assertThat(errorsAfter(
                        "StatefulSet",
                        "backlog-service",
                        s -> ((ObjectNode) container(s).path("volumeMounts").path(0)).put("mountPath", "/data")))
                .anySatisfy(e -> assertThat(e).contains("is not on a persistent volume"));
    }

    @Test
    void aNetworkPolicyPeerThatSelectsNothingFails() {
        assertThat(errorsAfter(
                        "NetworkPolicy",
                        "baton-services-to-kafka",
                        p -> ((ObjectNode) p.path("spec")
                                        .path("egress")
                                        .path(0)
                                        .path("to")
                                        .path(0)
                                        .path("podSelector")
                                        .path("matchLabels"))
                                .put("strimzi.io/cluster", "kafka")))
                .anySatisfy(e -> assertThat(e).contains("selects no pods"));
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountFails() {
        assertThat(errorsAfter(
                        "KafkaNodePool", "brokers", pool -> pool.with("spec").put("replicas", 2)))
                .anySatisfy(e -> assertThat(e).contains("default.replication.factor 3 exceeds its 2 brokers"));
    }

    @Test
    void aTopicOfAnAclThatIsNoKafkaTopicFails() {
        assertThat(errorsAfter(
                        "KafkaTopic", "devlog-posts", t -> t.with("metadata").put("name", "devlog")))
                .anySatisfy(e -> assertThat(e).contains("an ACL names topic 'devlog-posts', which is no KafkaTopic"));
    }

    @Test
    void aBootstrapAddressOfNoListenerFails() {
        assertThat(errorsAfter(
                        "ConfigMap",
                        "baton-settings",
                        m -> m.with("data").put("BATON_KAFKA_BOOTSTRAP", "baton-kafka-bootstrap:9092")))
                .containsExactly("v1/ConfigMap/baton/baton-settings: BATON_KAFKA_BOOTSTRAP names no listener of a Kafka"
                        + " here: baton-kafka-bootstrap:9092");
    }

    @Test
    void aMonitorScrapingAPathTheServiceDoesNotServeFails() {
        assertThat(errorsAfter(
                        "PodMonitor",
                        "baton-services",
                        m -> ((ObjectNode) m.path("spec")
                                        .path("podMetricsEndpoints")
                                        .path(0))
                                .put("path", "/metrics")))
                .anySatisfy(
                        e -> assertThat(e).contains("scrapes /metrics, claim-service serves metrics at /q/metrics"));
    }
}
