package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The alert rules and the dashboard of {@code infra/observability/} as Kubernetes objects: the
 * rules file as the spec of a Prometheus Operator {@code PrometheusRule}, the dashboard JSON as
 * a ConfigMap Grafana's dashboard sidecar picks up. The files stay the one place they are edited.
 */
public final class MonitoringManifests {

    public static final String RULES_FILE = "infra/observability/prometheus/baton-alerts.yml";
    public static final String DASHBOARD_FILE = "infra/observability/grafana/baton-dashboard.json";
    public static final String DASHBOARD_KEY = "baton-dashboard.json";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String HEADER = """
            # Generated from %s by infra/k8s-check (MonitoringManifests); do not edit.
            # Regenerate: docs/kubernetes.md, "Generated manifests".
            """;

    private MonitoringManifests() {}

    /** {@code monitoring/prometheus-rule.yaml} from the rules file's text. */
    public static String prometheusRule(String rulesFile) {
        final List<ObjectNode> documents = Yaml.documents(rulesFile, RULES_FILE);
        if (documents.size() != 1 || !documents.get(0).has("groups")) {
            throw new IllegalArgumentException(RULES_FILE + " must be one document with the rule groups");
        }
        final ObjectNode rule = JSON.objectNode();
        rule.put("apiVersion", "monitoring.coreos.com/v1");
        rule.put("kind", "PrometheusRule");
        rule.putObject("metadata").put("name", "baton-alerts");
        rule.set("spec", documents.get(0));
        return HEADER.formatted(RULES_FILE) + Yaml.write(rule);
    }

    /** {@code monitoring/grafana-dashboard.yaml} from the dashboard's JSON text, kept as written. */
    public static String grafanaDashboard(String dashboardJson) {
        try {
            final JsonNode parsed = new ObjectMapper().readTree(dashboardJson);
            if (parsed == null || !parsed.isObject() || !parsed.has("title")) {
                throw new IllegalArgumentException(DASHBOARD_FILE + " must be a Grafana dashboard object with a title");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(DASHBOARD_FILE + " is not JSON", e);
        }
        final ObjectNode map = JSON.objectNode();
        map.put("apiVersion", "v1");
        map.put("kind", "ConfigMap");
        final ObjectNode metadata = map.putObject("metadata");
        metadata.put("name", "baton-grafana-dashboard");
        metadata.putObject("labels").put("grafana_dashboard", "1");
        map.putObject("data").put(DASHBOARD_KEY, dashboardJson.endsWith("\n") ? dashboardJson : dashboardJson + "\n");
        return HEADER.formatted(DASHBOARD_FILE) + Yaml.write(map);
    }
}
