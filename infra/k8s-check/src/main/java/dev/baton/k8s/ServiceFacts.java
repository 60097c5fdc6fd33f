package dev.baton.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's own configuration says about how it runs: its HTTP port, the paths of its
 * health checks and metrics, its Kafka Streams application id, and which environment variables
 * feed which settings. Read from the module's {@code application.properties} and {@code pom.xml},
 * the files the service is built from, so the manifests are checked against the code.
 */
public final class ServiceFacts {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private final String name;
    private final Properties properties = new Properties();
    private final String pom;

    private ServiceFacts(String name, Path module) {
        this.name = name;
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
            pom = Files.readString(module.resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service built by the module of that name, if there is one. */
    public static Optional<ServiceFacts> of(Path root, String name) {
        final Path module = root.resolve(name);
        if (!Files.isRegularFile(module.resolve("src/main/resources/application.properties"))) {
            return Optional.empty();
        }
        return Optional.of(new ServiceFacts(name, module));
    }

    public String name() {
        return name;
    }

    /** Every property key as written, profile variants ({@code %test.}) left out. */
    public java.util.List<String> keys() {
        return properties.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%"))
                .sorted()
                .toList();
    }

    /** A property as written, without profile ({@code %test.}) variants. */
    public Optional<String> raw(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    /**
     * A property's value in an environment: each {@code ${VAR:default}} resolved from the
     * environment (a variable), else from another property, else its default.
     */
    public Optional<String> resolve(String key, Map<String, String> environment) {
        return raw(key).map(value -> expand(value, environment, 0));
    }

    private String expand(String value, Map<String, String> environment, int depth) {
        if (depth > 10) {
            throw new IllegalStateException(name + ": a property refers to itself: " + value);
        }
        final Matcher m = EXPRESSION.matcher(value);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String ref = m.group(1);
            String replacement = environment.get(ref);
            if (replacement == null && properties.getProperty(ref) != null) {
                replacement = expand(properties.getProperty(ref), environment, depth + 1);
            }
            if (replacement == null) {
                replacement = m.group(2) == null ? "" : expand(m.group(2), environment, depth + 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code quarkus.http.port} in that environment. */
    public int httpPort(Map<String, String> environment) {
        return Integer.parseInt(resolve("quarkus.http.port", environment).orElse("8080"));
    }

    /** Whether the service has SmallRye Health, which serves the health paths. */
    public boolean hasHealth() {
        return pom.contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }

    /** Quarkus' path of a health check: {@code started}, {@code ready} or {@code live}. */
    public String healthPath(String check) {
        final String sub = switch (check) {
            case "started" -> raw("quarkus.smallrye-health.startup-path").orElse("started");
            case "ready" -> raw("quarkus.smallrye-health.readiness-path").orElse("ready");
            case "live" -> raw("quarkus.smallrye-health.liveness-path").orElse("live");
            default -> throw new IllegalArgumentException(check);
        };
        return nonApplicationRoot() + "/"
                + trim(raw("quarkus.smallrye-health.root-path").orElse("health")) + "/" + sub;
    }

    /** Where Micrometer's Prometheus registry serves metrics. */
    public String metricsPath() {
        return nonApplicationRoot() + "/"
                + trim(raw("quarkus.micrometer.export.prometheus.path").orElse("metrics"));
    }

    private String nonApplicationRoot() {
        return "/" + trim(raw("quarkus.http.non-application-root-path").orElse("q"));
    }

    private static String trim(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
