package dev.baton.claim.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.infra.testing.metrics.PrometheusText;
import dev.baton.service.trace.TraceHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator sees of the engine, over real HTTP against the running engine: a call's trace
 * crosses Kafka into the engine's decision and stays on the item's events; decisions are counted
 * by command, outcome and reason in {@code /q/metrics}, read as Prometheus text.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineObservabilityIT {

    @Inject
    EngineGateway engine;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void engineIsReady() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private String readyItem(String type) {
        final String id = UUID.randomUUID().toString();
        engine.submitAndWait(
                new ItemEvent.ItemSubmitted(
                        id,
                        Instant.now(),
                        null,
                        ItemSpec.of(type, "Watched"),
                        UUID.randomUUID().toString()),
                Duration.ofSeconds(10));
        return id;
    }

    private static PrometheusText scrape() {
        final String text = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return PrometheusText.parse(text);
    }

    private static String hex(int bytes) {
        final byte[] raw = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(raw);
        raw[0] |= 1; // never all zeros, which W3C reads as no trace
        return HexFormat.of().formatHex(raw);
    }

    @Test
    void aClaimsTraceSpansTheHttpCallAndTheEngineDecisionAndStaysOnTheItemsEvents() {
        final String id = readyItem("traced");
        final String traceId = hex(16);

        given().auth()
                .oauth2(TestTokens.agent("tracer"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType("application/json")
                .body("{\"agent\":\"tracer\"}")
                .when()
                .post("/claims/" + id)
                .then()
                .statusCode(200);

        final SpanData[] found = new SpanData[2];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId))
                    .toList();
            final Optional<SpanData> http =
                    trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst();
            final Optional<SpanData> decision = trace.stream()
                    .filter(s -> s.getName().equals("engine ClaimItem"))
                    .findFirst();
            assertThat(http).as("the HTTP call's span, in the caller's trace").isPresent();
            assertThat(decision).as("the engine's decision, in the same trace").isPresent();
            found[0] = http.get();
            found[1] = decision.get();
        });
        // The decision hangs under the HTTP call (directly, or under a span of it).
        assertThat(spanAncestry(found[1])).contains(found[0].getSpanId());
        assertThat(found[1].getKind()).isEqualTo(SpanKind.CONSUMER);

        final List<ConsumerRecord<String, byte[]>> claimed = TopicProbe.await(
                Topics.ITEM_EVENTS.name(),
                r -> id.equals(r.key()) && new String(r.value()).contains("\"ItemClaimed\""),
                1,
                Duration.ofSeconds(20));
        assertThat(TraceHeaders.traceId(claimed.get(0).headers())).isEqualTo(traceId);
    }

    /** The span ids above a span, nearest first, as far as the exported spans go. */
    private List<String> spanAncestry(SpanData span) {
        final Map<String, SpanData> byId = new java.util.HashMap<>();
        spans.getFinishedSpanItems().forEach(s -> byId.put(s.getSpanId(), s));
        final List<String> up = new java.util.ArrayList<>();
        String parent = span.getParentSpanId();
        while (parent != null && up.size() < 20 && !up.contains(parent)) {
            up.add(parent);
            final SpanData next = byId.get(parent);
            parent = next == null ? null : next.getParentSpanId();
        }
        return up;
    }

    @Test
    void decisionsAreCountedByCommandOutcomeAndReasonAndAStaleWriteIsCountedAsFenced() {
        final String id = readyItem("metered");
        final PrometheusText before = scrape();

        given().auth()
                .oauth2(TestTokens.agent("m1"))
                .contentType("application/json")
                .body("{\"agent\":\"m1\"}")
                .post("/claims/" + id)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.agent("m1"))
                .contentType("application/json")
                .body("{\"agent\":\"m1\",\"epoch\":7}")
                .post("/claims/" + id + "/complete")
                .then()
                .statusCode(409);
        given().auth()
                .oauth2(TestTokens.agent("m1"))
                .contentType("application/json")
                .body("{\"agent\":\"m1\",\"epoch\":1,\"result\":{\"summary\":\"done\"}}")
                .post("/claims/" + id + "/complete")
                .then()
                .statusCode(200);

        final PrometheusText after = scrape();
        assertThat(delta(
                        before,
                        after,
                        "baton_engine_decisions_total",
                        Map.of("command", "ClaimItem", "outcome", "granted")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "baton_engine_decisions_total",
                        Map.of("command", "CompleteItem", "outcome", "rejected", "reason", "STALE_EPOCH")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "baton_engine_decisions_total",
                        Map.of("command", "CompleteItem", "outcome", "accepted")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(
                        before, after, "baton_engine_transitions_total", Map.of("event", "completed", "state", "DONE")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(
                        before, after, "baton_item_submission_to_first_grant_seconds_count", Map.of("type", "metered")))
                .isEqualTo(1);
        assertThat(after.types()).containsEntry("http_server_requests_seconds", "histogram");
        assertThat(after.names())
                .contains("http_server_requests_seconds_bucket", "baton_engine_request_to_decision_seconds_bucket");
        assertThat(after.samples())
                .as("no metric is tagged with an item id")
                .noneMatch(s -> s.labels().containsValue(id)
                        || s.labels().values().stream().anyMatch(v -> v.contains(id)));
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
