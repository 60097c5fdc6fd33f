package dev.baton.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file of {@code infra/k8s/} that is made from another source of truth, with what it
 * should hold. {@link #main} writes them; the build fails while one differs.
 */
public final class GeneratedManifests {

    private GeneratedManifests() {}

    /** Path under the repository root to expected content. */
    public static Map<String, String> expected(Path root) {
        final Map<String, String> files = new LinkedHashMap<>();
        files.put("infra/k8s/base/kafka/topics.yaml", CatalogManifests.topics());
        files.put("infra/k8s/base/kafka/users.yaml", CatalogManifests.users());
        files.put(
                "infra/k8s/base/monitoring/prometheus-rule.yaml",
                MonitoringManifests.prometheusRule(Yaml.read(root.resolve(MonitoringManifests.RULES_FILE))));
        files.put(
                "infra/k8s/base/monitoring/grafana-dashboard.yaml",
                MonitoringManifests.grafanaDashboard(Yaml.read(root.resolve(MonitoringManifests.DASHBOARD_FILE))));
        return files;
    }

    /** The generated files that are missing or differ from what they should hold. */
    public static List<String> stale(Path root) {
        final List<String> stale = new ArrayList<>();
        expected(root).forEach((path, content) -> {
            final Path file = root.resolve(path);
            try {
                if (!Files.exists(file) || !Files.readString(file).equals(content)) {
                    stale.add(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return stale;
    }

    public static void write(Path root) {
        expected(root).forEach((path, content) -> {
            try {
                Files.writeString(root.resolve(path), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Writes every generated file under the repository found from the working directory. */
    public static void main(String[] args) {
        final Path root = Repository.root();
        write(root);
        expected(root).keySet().forEach(path -> System.out.println("wrote " + path));
    }
}
