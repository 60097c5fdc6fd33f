package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What no schema can tell: that the objects of one rendering refer to one another correctly,
 * and to the services' own configuration. A Service or monitor or policy selects pods that
 * exist and ports they have; a volume, an environment variable or an envFrom names a Secret,
 * ConfigMap or claim that exists (in the rendering, or made by Strimzi, or created by hand as
 * documented) with the key asked for; a probe asks the health path its service serves, on the
 * port the service listens on; a Strimzi resource names an existing cluster, and the cluster's
 * replication fits its brokers.
 */
public final class References {

    /** Secrets an operator creates by hand before applying an overlay (docs/kubernetes.md), with their keys. */
    public static final Map<String, Set<String>> CREATED_BY_HAND =
            Map.of("baton-jwt", Set.of("publicKey.pem"), "baton-writer-token", Set.of("token"));
    /** The keys of the Secret Strimzi's User Operator writes for a SCRAM user. */
    private static final Set<String> SCRAM_USER_KEYS = Set.of("password", "sasl.jaas.config");
    /** The keys of the Secret with a Strimzi cluster's CA certificate. */
    private static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");

    private static final Pattern URL = Pattern.compile("https?://([a-z0-9-]+)(?:\\.[a-z0-9.-]+)?:(\\d+)(/.*)?");
    private static final Pattern BOOTSTRAP = Pattern.compile("([a-z0-9-]+)-kafka-bootstrap(?:\\.[a-z0-9.-]+)?:(\\d+)");

    private final List<ObjectNode> objects;
    private final Path root;
    private final List<Pods> pods = new ArrayList<>();
    private final Map<String, Set<String>> secrets = new LinkedHashMap<>();
    private final Map<String, Set<String>> configMaps = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    /** A set of pods as their template (or Strimzi) makes them: labels, named ports, the object that makes them. */
    record Pods(String owner, Map<String, String> labels, Map<String, Integer> ports, JsonNode spec) {}

    private References(List<ObjectNode> objects, Path root) {
        this.objects = objects;
        this.root = root;
    }

    /** The broken references among one rendering's objects; empty when every one holds. */
    public static List<String> check(List<ObjectNode> objects, Path root) {
        final References references = new References(objects, root);
        references.collect();
        references.checkWorkloads();
        references.checkServices();
        references.checkSelectors();
        references.checkNetworkPolicies();
        references.checkStrimzi();
        references.checkSettings();
        return references.errors;
    }

    // ----------------------------------------------------------------------------------------
    // What exists

    private void collect() {
        CREATED_BY_HAND.forEach(secrets::put);
        for (ObjectNode o : objects) {
            final String name = name(o);
            switch (kind(o)) {
                case "Secret" -> {
                    final Set<String> keys = new HashSet<>();
                    o.path("data").fieldNames().forEachRemaining(keys::add);
                    o.path("stringData").fieldNames().forEachRemaining(keys::add);
                    secrets.put(name, keys);
                }
                case "ConfigMap" -> {
                    final Set<String> keys = new HashSet<>();
                    o.path("data").fieldNames().forEachRemaining(keys::add);
                    configMaps.put(name, keys);
                }
                case "KafkaUser" -> secrets.put(name, SCRAM_USER_KEYS);
                case "Kafka" -> {
                    secrets.put(name + "-cluster-ca-cert", CLUSTER_CA_KEYS);
                    final Map<String, String> exporter = strimziLabels(name, name + "-kafka-exporter");
                    if (o.path("spec").has("kafkaExporter")) {
                        pods.add(new Pods(name + "-kafka-exporter", exporter, Map.of("tcp-prometheus", 9404), null));
                    }
                    if (o.path("spec").has("entityOperator")) {
                        pods.add(new Pods(
                                name + "-entity-operator",
                                strimziLabels(name, name + "-entity-operator"),
                                Map.of("healthcheck", 8080),
                                null));
                    }
                }
                case "KafkaNodePool" -> {
                    final String cluster = o.path("metadata")
                            .path("labels")
                            .path(CatalogManifests.CLUSTER_LABEL)
                            .asText();
                    final Map<String, String> labels = strimziLabels(cluster, cluster + "-kafka");
                    final Set<String> roles = new HashSet<>();
                    o.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
                    labels.put("strimzi.io/pool-name", name);
                    labels.put("strimzi.io/broker-role", Boolean.toString(roles.contains("broker")));
                    labels.put("strimzi.io/controller-role", Boolean.toString(roles.contains("controller")));
                    final Map<String, Integer> ports = new HashMap<>();
                    kafka(cluster).ifPresent(k -> {
                        if (k.path("spec").path("kafka").has("metricsConfig")) {
                            ports.put("tcp-prometheus", 9404);
                        }
                        if (roles.contains("broker")) {
                            k.path("spec")
                                    .path("kafka")
                                    .path("listeners")
                                    .forEach(l -> ports.put(
                                            "tcp-" + l.path("name").asText(),
                                            l.path("port").asInt()));
                        }
                    });
                    pods.add(new Pods("KafkaNodePool/" + name, labels, ports, null));
                }
                case "StatefulSet", "Deployment" -> {
                    final JsonNode template = o.path("spec").path("template");
                    final Map<String, String> labels = new HashMap<>();
                    template.path("metadata")
                            .path("labels")
                            .fields()
                            .forEachRemaining(
                                    e -> labels.put(e.getKey(), e.getValue().asText()));
                    final Map<String, Integer> ports = new HashMap<>();
                    template.path("spec")
                            .path("containers")
                            .forEach(c -> c.path("ports")
                                    .forEach(p -> ports.put(
                                            p.path("name").asText(),
                                            p.path("containerPort").asInt())));
                    pods.add(new Pods(kind(o) + "/" + name, labels, ports, template.path("spec")));
                }
                default -> {}
            }
        }
    }

    private static Map<String, String> strimziLabels(String cluster, String name) {
        final Map<String, String> labels = new HashMap<>();
        labels.put(CatalogManifests.CLUSTER_LABEL, cluster);
        labels.put("strimzi.io/kind", "Kafka");
        labels.put("strimzi.io/name", name);
        return labels;
    }

    // ----------------------------------------------------------------------------------------
    // Workloads: selectors, volumes, environment, probes, ports

    private void checkWorkloads() {
        for (ObjectNode o : objects) {
            if (!kind(o).equals("StatefulSet") && !kind(o).equals("Deployment")) {
                continue;
            }
            final String where = Kustomize.id(o);
            final JsonNode template = o.path("spec").path("template");
            final Map<String, String> labels =
                    labelsOf(template.path("metadata").path("labels"));
            if (!selects(o.path("spec").path("selector"), labels)) {
                errors.add(where + ": its selector does not select its own pod template");
            }
            final Set<String> volumes = new HashSet<>();
            template.path("spec").path("volumes").forEach(v -> {
                volumes.add(v.path("name").asText());
                checkVolume(where, v);
            });
            o.path("spec")
                    .path("volumeClaimTemplates")
                    .forEach(v -> volumes.add(v.path("metadata").path("name").asText()));
            if (kind(o).equals("StatefulSet")) {
                checkGoverningService(o, labels);
            }
            for (JsonNode container : template.path("spec").path("containers")) {
                final String at = where + " container " + container.path("name").asText();
                container.path("volumeMounts").forEach(m -> {
                    if (!volumes.contains(m.path("name").asText())) {
                        errors.add(at + ": mounts '" + m.path("name").asText() + "', which is no volume or claim");
                    }
                });
                final Map<String, String> environment = environment(at, container);
                ServiceFacts.of(root, container.path("name").asText())
                        .ifPresent(service -> checkServiceContainer(at, container, environment, service));
            }
        }
    }

    private void checkVolume(String where, JsonNode volume) {
        final String at = where + " volume " + volume.path("name").asText();
        if (volume.has("secret")) {
            final String name = volume.path("secret").path("secretName").asText();
            final Set<String> keys = secrets.get(name);
            if (keys == null) {
                errors.add(at + ": Secret '" + name + "' does not exist");
            } else {
                volume.path("secret").path("items").forEach(i -> {
                    if (!keys.contains(i.path("key").asText())) {
                        errors.add(at + ": Secret '" + name + "' has no key '"
                                + i.path("key").asText() + "'");
                    }
                });
            }
        }
        if (volume.has("configMap")) {
            final String name = volume.path("configMap").path("name").asText();
            final Set<String> keys = configMaps.get(name);
            if (keys == null) {
                errors.add(at + ": ConfigMap '" + name + "' does not exist");
            } else {
                volume.path("configMap").path("items").forEach(i -> {
                    if (!keys.contains(i.path("key").asText())) {
                        errors.add(at + ": ConfigMap '" + name + "' has no key '"
                                + i.path("key").asText() + "'");
                    }
                });
            }
        }
        if (volume.has("persistentVolumeClaim")) {
            final String claim =
                    volume.path("persistentVolumeClaim").path("claimName").asText();
            if (objects.stream().noneMatch(o -> kind(o).equals("PersistentVolumeClaim") && name(o).equals(claim))) {
                errors.add(at + ": PersistentVolumeClaim '" + claim + "' does not exist");
            }
        }
    }

    private void checkGoverningService(ObjectNode set, Map<String, String> labels) {
        final String serviceName = set.path("spec").path("serviceName").asText();
        final Optional<ObjectNode> service = objects.stream()
                .filter(o -> kind(o).equals("Service") && name(o).equals(serviceName))
                .findFirst();
        if (service.isEmpty()) {
            errors.add(Kustomize.id(set) + ": its serviceName '" + serviceName + "' is no Service");
            return;
        }
        if (!service.get().path("spec").path("clusterIP").asText().equals("None")) {
            errors.add(Kustomize.id(set) + ": its serviceName '" + serviceName + "' is not headless");
        }
        if (!selects(service.get().path("spec").path("selector"), labels)) {
            errors.add(Kustomize.id(set) + ": its Service '" + serviceName + "' does not select its pods");
        }
    }

    /** The container's environment as the pod would see it, checking each reference on the way. */
    private Map<String, String> environment(String at, JsonNode container) {
        final Map<String, String> environment = new HashMap<>();
        container.path("envFrom").forEach(from -> {
            if (from.has("configMapRef")) {
                final String name = from.path("configMapRef").path("name").asText();
                final Optional<ObjectNode> map = objects.stream()
                        .filter(o -> kind(o).equals("ConfigMap") && name(o).equals(name))
                        .findFirst();
                if (map.isEmpty()) {
                    errors.add(at + ": envFrom ConfigMap '" + name + "' does not exist");
                } else {
                    map.get()
                            .path("data")
                            .fields()
                            .forEachRemaining(e ->
                                    environment.put(e.getKey(), e.getValue().asText()));
                }
            }
            if (from.has("secretRef")
                    && !secrets.containsKey(from.path("secretRef").path("name").asText())) {
                errors.add(at + ": envFrom Secret '"
                        + from.path("secretRef").path("name").asText() + "' does not exist");
            }
        });
        container.path("env").forEach(env -> {
            final String name = env.path("name").asText();
            final JsonNode from = env.path("valueFrom");
            if (from.has("secretKeyRef")) {
                final String secret = from.path("secretKeyRef").path("name").asText();
                final String key = from.path("secretKeyRef").path("key").asText();
                if (!secrets.containsKey(secret)) {
                    errors.add(at + ": env " + name + " reads Secret '" + secret + "', which does not exist");
                } else if (!secrets.get(secret).contains(key)) {
                    errors.add(at + ": env " + name + " reads key '" + key + "' that Secret '" + secret + "' has not");
                }
                environment.put(name, "<secret>");
            } else if (from.has("configMapKeyRef")) {
                final String map = from.path("configMapKeyRef").path("name").asText();
                if (!configMaps
                        .getOrDefault(map, Set.of())
                        .contains(from.path("configMapKeyRef").path("key").asText())) {
                    errors.add(at + ": env " + name + " reads a key ConfigMap '" + map + "' has not");
                }
                environment.put(name, "<configmap>");
            } else if (from.has("fieldRef")) {
                environment.put(
                        name, "<" + from.path("fieldRef").path("fieldPath").asText() + ">");
            } else {
                environment.put(name, expand(env.path("value").asText(), environment));
            }
        });
        return environment;
    }

    /** Kubernetes' {@code $(VAR)} expansion of variables defined earlier. */
    private static String expand(String value, Map<String, String> environment) {
        final Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A container that runs one of Baton's services: its port, probes and settings are that service's. */
    private void checkServiceContainer(
            String at, JsonNode container, Map<String, String> environment, ServiceFacts service) {
        final int port = service.httpPort(environment);
        final JsonNode http = find(container.path("ports"), "name", "http");
        if (http == null) {
            errors.add(at + ": no port named http");
        } else if (http.path("containerPort").asInt() != port) {
            errors.add(at + ": port http is " + http.path("containerPort").asInt() + " but " + service.name()
                    + " listens on " + port + " (quarkus.http.port)");
        }
        if (!service.hasHealth()) {
            errors.add(at + ": " + service.name() + " has no SmallRye Health to answer its probes");
        }
        checkProbe(at, container, "startupProbe", service.healthPath("started"), port);
        checkProbe(at, container, "readinessProbe", service.healthPath("ready"), port);
        checkProbe(at, container, "livenessProbe", service.healthPath("live"), port);
        // The pod name is the static member id: group.instance.id must come from BATON_INSTANCE_ID.
        final String instance = environment.get("BATON_INSTANCE_ID");
        if (!"<metadata.name>".equals(instance)) {
            errors.add(at + ": BATON_INSTANCE_ID must be the pod name (fieldRef metadata.name), is " + instance);
        }
        final String member = service.resolve("kafka-streams.group.instance.id", Map.of("BATON_INSTANCE_ID", "\u0001"))
                .orElse("");
        if (!member.contains("\u0001")) {
            errors.add(at + ": " + service.name()
                    + " does not take kafka-streams.group.instance.id from BATON_INSTANCE_ID");
        }
        final String state =
                service.resolve("kafka-streams.state.dir", environment).orElse("");
        final String data = environment.getOrDefault("BATON_DATA_DIR", "");
        final boolean onVolume = !data.isEmpty()
                && state.startsWith(data)
                && mountedAt(container, data).filter(this::isClaim).isPresent();
        if (!onVolume) {
            errors.add(at + ": Kafka Streams state (" + state + ") is not on a persistent volume");
        }
        final String standby = service.resolve("kafka-streams.num.standby.replicas", environment)
                .orElse("");
        if (!standby.matches("\\d+")) {
            errors.add(at + ": " + service.name() + " has no kafka-streams.num.standby.replicas from its environment");
        }
    }

    private Optional<String> mountedAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return Optional.of(mount.path("name").asText());
            }
        }
        return Optional.empty();
    }

    private boolean isClaim(String volume) {
        return objects.stream()
                .filter(o -> kind(o).equals("StatefulSet"))
                .flatMap(o -> iterable(o.path("spec").path("volumeClaimTemplates")).stream())
                .anyMatch(t -> t.path("metadata").path("name").asText().equals(volume));
    }

    private void checkProbe(String at, JsonNode container, String probe, String path, int port) {
        final JsonNode get = container.path(probe).path("httpGet");
        if (get.isMissingNode()) {
            errors.add(at + ": no " + probe);
            return;
        }
        if (!get.path("path").asText().equals(path)) {
            errors.add(at + ": " + probe + " asks " + get.path("path").asText() + ", the service serves " + path);
        }
        final JsonNode probePort = get.path("port");
        final boolean matches = probePort.isInt()
                ? probePort.asInt() == port
                : find(container.path("ports"), "name", probePort.asText()) != null
                        && find(container.path("ports"), "name", probePort.asText())
                                        .path("containerPort")
                                        .asInt()
                                == port;
        if (!matches) {
            errors.add(at + ": " + probe + " port " + probePort + " is not the service's port " + port);
        }
    }

    // ----------------------------------------------------------------------------------------
    // Services, monitors, budgets: selectors and ports

    private void checkServices() {
        for (ObjectNode o : objects) {
            if (!kind(o).equals("Service")) {
                continue;
            }
            final List<Pods> selected = selected(o.path("spec").path("selector"), false);
            if (selected.isEmpty()) {
                errors.add(Kustomize.id(o) + ": selects no pods");
            }
            for (JsonNode port : o.path("spec").path("ports")) {
                final JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                for (Pods p : selected) {
                    if (!hasPort(p, target)) {
                        errors.add(Kustomize.id(o) + ": targetPort " + target + " is no port of " + p.owner());
                    }
                }
            }
        }
    }

    private void checkSelectors() {
        for (ObjectNode o : objects) {
            switch (kind(o)) {
                case "PodMonitor" -> {
                    final List<Pods> selected = selected(o.path("spec").path("selector"), true);
                    if (selected.isEmpty()) {
                        errors.add(Kustomize.id(o) + ": selects no pods");
                    }
                    for (JsonNode endpoint : o.path("spec").path("podMetricsEndpoints")) {
                        if (selected.stream()
                                .noneMatch(p -> p.ports()
                                        .containsKey(endpoint.path("port").asText()))) {
                            errors.add(Kustomize.id(o) + ": no selected pod has port "
                                    + endpoint.path("port").asText());
                        }
                        for (Pods p : selected) {
                            serviceOf(p).ifPresent(service -> {
                                if (!endpoint.path("path").asText().equals(service.metricsPath())) {
                                    errors.add(Kustomize.id(o) + ": scrapes "
                                            + endpoint.path("path").asText() + ", " + service.name()
                                            + " serves metrics at " + service.metricsPath());
                                }
                            });
                        }
                    }
                }
                case "ServiceMonitor", "PodDisruptionBudget" -> {
                    if (selected(o.path("spec").path("selector"), true).isEmpty()) {
                        errors.add(Kustomize.id(o) + ": selects no pods");
                    }
                }
                default -> {}
            }
        }
    }

    private Optional<ServiceFacts> serviceOf(Pods pods) {
        if (pods.spec() == null) {
            return Optional.empty();
        }
        final JsonNode first = pods.spec().path("containers").path(0);
        return ServiceFacts.of(root, first.path("name").asText());
    }

    private void checkNetworkPolicies() {
        for (ObjectNode o : objects) {
            if (!kind(o).equals("NetworkPolicy")) {
                continue;
            }
            final String where = Kustomize.id(o);
            final List<Pods> subjects = selected(o.path("spec").path("podSelector"), true);
            if (subjects.isEmpty()) {
                errors.add(where + ": applies to no pods");
            }
            for (JsonNode rule : o.path("spec").path("ingress")) {
                checkPeers(where, rule.path("from"));
                checkPorts(where + " ingress", rule.path("ports"), subjects);
            }
            for (JsonNode rule : o.path("spec").path("egress")) {
                final List<Pods> destinations = checkPeers(where, rule.path("to"));
                checkPorts(where + " egress", rule.path("ports"), destinations);
            }
        }
    }

    /** Peers in this namespace must select pods that exist; those in other namespaces cannot be known here. */
    private List<Pods> checkPeers(String where, JsonNode peers) {
        final List<Pods> local = new ArrayList<>();
        for (JsonNode peer : peers) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
                final List<Pods> selected = selected(peer.path("podSelector"), true);
                if (selected.isEmpty()) {
                    errors.add(where + ": peer " + peer.path("podSelector") + " selects no pods");
                }
                local.addAll(selected);
            }
        }
        return local;
    }

    private void checkPorts(String where, JsonNode ports, List<Pods> pods) {
        for (JsonNode port : ports) {
            final JsonNode number = port.path("port");
            if (pods.isEmpty() || number.isMissingNode()) {
                continue;
            }
            if (pods.stream().noneMatch(p -> hasPort(p, number))) {
                errors.add(where + ": port " + number + " is no port of the pods it concerns");
            }
            for (Pods p : pods) {
                if (number.isTextual() && !p.ports().containsKey(number.asText())) {
                    errors.add(where + ": port " + number + " is no port of " + p.owner());
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Strimzi

    private void checkStrimzi() {
        for (ObjectNode o : objects) {
            final String kind = kind(o);
            if (!Set.of("KafkaTopic", "KafkaUser", "KafkaNodePool").contains(kind)) {
                continue;
            }
            final String cluster = o.path("metadata")
                    .path("labels")
                    .path(CatalogManifests.CLUSTER_LABEL)
                    .asText();
            if (kafka(cluster).isEmpty()) {
                errors.add(Kustomize.id(o) + ": names Kafka cluster '" + cluster + "', which does not exist");
            }
        }
        final Set<String> topics = new HashSet<>();
        objects.stream()
                .filter(o -> kind(o).equals("KafkaTopic"))
                .forEach(t -> topics.add(t.path("spec").path("topicName").asText(name(t))));
        for (ObjectNode user : objects) {
            if (!kind(user).equals("KafkaUser")) {
                continue;
            }
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                final JsonNode resource = acl.path("resource");
                if (resource.path("type").asText().equals("topic")
                        && !resource.path("patternType").asText().equals("prefix")
                        && !topics.contains(resource.path("name").asText())) {
                    errors.add(Kustomize.id(user) + ": an ACL names topic '"
                            + resource.path("name").asText() + "', which is no KafkaTopic");
                }
            }
            final String auth =
                    user.path("spec").path("authentication").path("type").asText();
            kafka(user.path("metadata")
                            .path("labels")
                            .path(CatalogManifests.CLUSTER_LABEL)
                            .asText())
                    .ifPresent(k -> {
                        final boolean listens = iterable(
                                        k.path("spec").path("kafka").path("listeners"))
                                .stream()
                                .anyMatch(l -> l.path("authentication")
                                        .path("type")
                                        .asText()
                                        .equals(auth));
                        if (!listens) {
                            errors.add(Kustomize.id(user) + ": no listener of its cluster authenticates " + auth);
                        }
                    });
        }
        for (ObjectNode k : objects) {
            if (!kind(k).equals("Kafka")) {
                continue;
            }
            int brokers = 0;
            int controllers = 0;
            for (ObjectNode pool : objects) {
                if (kind(pool).equals("KafkaNodePool")
                        && pool.path("metadata")
                                .path("labels")
                                .path(CatalogManifests.CLUSTER_LABEL)
                                .asText()
                                .equals(name(k))) {
                    final String roles = pool.path("spec").path("roles").toString();
                    brokers += roles.contains("broker")
                            ? pool.path("spec").path("replicas").asInt()
                            : 0;
                    controllers += roles.contains("controller")
                            ? pool.path("spec").path("replicas").asInt()
                            : 0;
                }
            }
            if (brokers == 0 || controllers == 0) {
                errors.add(Kustomize.id(k) + ": needs node pools with brokers and controllers (has " + brokers
                        + " brokers, " + controllers + " controllers)");
                continue;
            }
            final JsonNode config = k.path("spec").path("kafka").path("config");
            for (String replication : List.of(
                    "default.replication.factor",
                    "offsets.topic.replication.factor",
                    "transaction.state.log.replication.factor")) {
                final int factor = config.path(replication).asInt(1);
                if (factor > brokers) {
                    errors.add(Kustomize.id(k) + ": " + replication + " " + factor + " exceeds its " + brokers
                            + " brokers");
                }
            }
            if (config.path("min.insync.replicas").asInt(1)
                    > config.path("default.replication.factor").asInt(1)) {
                errors.add(Kustomize.id(k) + ": min.insync.replicas exceeds default.replication.factor");
            }
            if (config.path("transaction.state.log.min.isr").asInt(1)
                    > config.path("transaction.state.log.replication.factor").asInt(1)) {
                errors.add(Kustomize.id(k) + ": transaction.state.log.min.isr exceeds its replication factor");
            }
        }
    }

    private Optional<ObjectNode> kafka(String name) {
        return objects.stream()
                .filter(o -> kind(o).equals("Kafka") && name(o).equals(name))
                .findFirst();
    }

    // ----------------------------------------------------------------------------------------
    // Settings that name other objects: the Kafka bootstrap and the services' URLs

    private void checkSettings() {
        for (ObjectNode map : objects) {
            if (!kind(map).equals("ConfigMap")) {
                continue;
            }
            map.path("data").fields().forEachRemaining(e -> {
                final String key = e.getKey();
                final String value = e.getValue().asText();
                final Matcher bootstrap = BOOTSTRAP.matcher(value);
                if (key.endsWith("KAFKA_BOOTSTRAP")) {
                    if (!bootstrap.matches()) {
                        errors.add(Kustomize.id(map) + ": " + key + " is not a Strimzi bootstrap address: " + value);
                    } else {
                        final int port = Integer.parseInt(bootstrap.group(2));
                        final boolean listens = kafka(bootstrap.group(1))
                                .map(k -> iterable(k.path("spec").path("kafka").path("listeners")).stream()
                                        .anyMatch(l -> l.path("port").asInt() == port))
                                .orElse(false);
                        if (!listens) {
                            errors.add(Kustomize.id(map) + ": " + key + " names no listener of a Kafka here: " + value);
                        }
                    }
                }
                final Matcher url = URL.matcher(value);
                if (key.endsWith("_URL") && url.matches()) {
                    final String service = url.group(1);
                    final int port = Integer.parseInt(url.group(2));
                    final boolean exists = objects.stream()
                            .anyMatch(o -> kind(o).equals("Service")
                                    && name(o).equals(service)
                                    && iterable(o.path("spec").path("ports")).stream()
                                            .anyMatch(p -> p.path("port").asInt() == port));
                    if (!exists) {
                        errors.add(Kustomize.id(map) + ": " + key + " names no Service port here: " + value);
                    }
                }
            });
        }
    }

    // ----------------------------------------------------------------------------------------
    // Label selectors

    /** The pod sets a selector picks; an empty selector picks every pod only where {@code emptyPicksAll}. */
    private List<Pods> selected(JsonNode selector, boolean emptyPicksAll) {
        final boolean empty = selector.isMissingNode() || selector.isNull() || selector.isEmpty();
        if (empty && !emptyPicksAll) {
            return List.of();
        }
        return pods.stream().filter(p -> selects(selector, p.labels())).toList();
    }

    /** A label selector ({@code matchLabels}, {@code matchExpressions}, or a Service's plain map) against labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return true;
        }
        final boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
        final JsonNode matchLabels = structured ? selector.path("matchLabels") : selector;
        final Map<String, String> wanted = labelsOf(matchLabels);
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            final String key = expression.path("key").asText();
            final Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            final boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasPort(Pods pods, JsonNode port) {
        if (port.isInt()) {
            return pods.ports().containsValue(port.asInt());
        }
        return pods.ports().containsKey(port.asText());
    }

    private static Map<String, String> labelsOf(JsonNode node) {
        final Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        return null;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        final List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }
}
