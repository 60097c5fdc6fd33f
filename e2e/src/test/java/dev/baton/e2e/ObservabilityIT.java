package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.e2e.harness.Roots;
import dev.baton.infra.testing.metrics.PrometheusText;
import dev.baton.launcher.Service;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator's Prometheus and Grafana see of a running stack: every service answers
 * {@code /q/metrics} in the exposition format, the counters move as work is done, and every
 * metric the alert rules and the dashboard of {@code infra/observability/} name is one the
 * services export, so a renamed metric cannot leave a silent panel or an alert that never fires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ObservabilityIT {

    private static final Path RULES = Path.of("infra/observability/prometheus/baton-alerts.yml");
    private static final Path DASHBOARD = Path.of("infra/observability/grafana/baton-dashboard.json");
    private static final Path OPERATIONS = Path.of("docs/operations.md");
    /** Metric names as the rules and the dashboard spell them: Baton's own, HTTP's and Kafka's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:baton|http_server|kafka)_[a-z0-9_]+)\\b");

    private final HttpClient http = HttpClient.newHttpClient();
    private BatonStack stack;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startStack() {
        stack = BatonStack.builder()
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .build()
                .start();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private HttpResponse<String> call(Service service, String method, String path, String body) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(
                            stack.url(service).resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    // As the agent "meter", which the claim bodies name; the scrapes need no token.
                    .header("Authorization", "Bearer " + stack.tokenWithEveryRole("meter"))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private PrometheusText scrape(Service service) {
        final HttpResponse<String> answer = call(service, "GET", "/q/metrics", null);
        assertThat(answer.statusCode()).as("%s /q/metrics", service).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }

    private static Path file(Path relative) {
        return Roots.repository().resolve(relative);
    }

    /** Every metric name an expression of the rules or the dashboard mentions. */
    private static Set<String> named(List<String> expressions) {
        final Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            final Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<JsonNode> alertRules() throws IOException {
        final JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file(RULES)));
        final List<JsonNode> out = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(out::add));
        return out;
    }

    private static List<String> dashboardExpressions() throws IOException {
        final JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file(DASHBOARD)));
        final List<String> out = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(t -> out.add(t.path("expr").asText())));
        dashboard
                .path("templating")
                .path("list")
                .forEach(v -> out.add(v.path("query").asText()));
        return out;
    }

    @Test
    void countersMoveAsWorkIsDoneAndEveryMetricTheRulesAndTheDashboardNameIsExported() throws IOException {
        final String type = "metered-" + UUID.randomUUID().toString().substring(0, 8);
        final PrometheusText before = scrape(Service.CLAIM);
        final HttpResponse<String> submitted =
                call(Service.BACKLOG, "POST", "/items", "{\"type\":\"" + type + "\",\"title\":\"Counted\"}");
        assertThat(submitted.statusCode()).isIn(200, 201);
        final String id =
                new ObjectMapper().readTree(submitted.body()).path("id").asText();

        assertThat(call(Service.CLAIM, "POST", "/claims/" + id, "{\"agent\":\"meter\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(call(
                                Service.CLAIM,
                                "POST",
                                "/claims/" + id + "/complete",
                                "{\"agent\":\"meter\",\"epoch\":1,\"result\":{\"summary\":\"counted\"}}")
                        .statusCode())
                .isEqualTo(200);

        final PrometheusText after = scrape(Service.CLAIM);
        assertThat(after.sum("baton_engine_decisions_total", Map.of("command", "ClaimItem", "outcome", "granted"))
                        - before.sum(
                                "baton_engine_decisions_total", Map.of("command", "ClaimItem", "outcome", "granted")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.sum("baton_engine_transitions_total", Map.of("event", "completed"))
                        - before.sum("baton_engine_transitions_total", Map.of("event", "completed")))
                .isGreaterThanOrEqualTo(1);
        // The backlog's gauges follow the read model, refreshed every few seconds.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(scrape(Service.BACKLOG)
                                .sum("baton_backlog_items", Map.of("type", type, "state", "DONE")))
                        .isEqualTo(1));

        // A READY item of another type, so the oldest-age gauge has a row.
        call(Service.BACKLOG, "POST", "/items", "{\"type\":\"" + type + "-waiting\",\"title\":\"Aged\"}");
        final List<String> expressions = new ArrayList<>(dashboardExpressions());
        for (JsonNode rule : alertRules()) {
            expressions.add(rule.path("expr").asText());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final Set<String> exported = new TreeSet<>();
            for (Service service : List.of(Service.BACKLOG, Service.CLAIM, Service.WRITER)) {
                exported.addAll(scrape(service).names());
            }
            assertThat(exported)
                    .as("every metric infra/observability names is one a service exports")
                    .containsAll(named(expressions));
        });
    }

    @Test
    void everyAlertHasASummaryASeverityAndARunbookSectionInTheOperationsPage() throws IOException {
        final String operations = Files.readString(file(OPERATIONS));
        final List<JsonNode> rules = alertRules();

        assertThat(rules).isNotEmpty();
        assertThat(rules).allSatisfy(rule -> {
            final String alert = rule.path("alert").asText();
            assertThat(alert).isNotBlank();
            assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("critical", "warning", "info");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(alert)
                    .isNotBlank();
            assertThat(rule.path("annotations").path("runbook").asText())
                    .as(alert)
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase(java.util.Locale.ROOT));
            assertThat(operations).as("a runbook section for " + alert).contains("### " + alert);
        });
    }

    @Test
    void theRulesPassPromtool() throws Exception {
        final Path promtool = onPath("promtool");
        Assumptions.assumeTrue(
                promtool != null,
                "skipped: promtool is not installed here (the rules are still read and checked above)");

        final Process check = new ProcessBuilder(
                        promtool.toString(), "check", "rules", file(RULES).toString())
                .redirectErrorStream(true)
                .start();
        final String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    /** The executable of that name on PATH, or {@code null}. */
    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            final Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
