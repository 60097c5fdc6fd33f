package dev.baton.writer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AgentApiTestResource.class)
@Timeout(120)
class DevlogMaterialIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aCompletionOnItemEventsShowsInItsDaysMaterial() {
        // given
        final String id = "it-" + UUID.randomUUID();
        final ItemEvent completion = Events.completed(id, "2026-02-05T09:12:12Z", "a7", 3, "parser done");

        // when
        TopicProbe.produce(Topics.ITEM_EVENTS.name(), id, EVENTS.encode(completion));

        // then
        final JsonPath day = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> material("2026-02-05"),
                        r -> r.statusCode() == 200
                                && r.jsonPath().getList("completions.itemId").contains(id))
                .jsonPath();
        assertThat(day.getString("date")).isEqualTo("2026-02-05");
        assertThat(day.getString("completions.find { it.itemId == '" + id + "' }.summary"))
                .isEqualTo("parser done");
        assertThat(day.getString("completions.find { it.itemId == '" + id + "' }.at"))
                .isEqualTo("2026-02-05T09:12:12Z");
        assertThat(day.getList("log.line", String.class))
                .contains("2026-02-05 09:12:12 INFO backlog.claim id=" + id + " status=completed owner=a7 epoch=3");
    }

    @Test
    void garbageOnItemEventsLandsOnTheDeadLetterTopicWithTheReason() {
        // given
        final String key = "garbage-" + UUID.randomUUID();
        final byte[] garbage = "this is not an event".getBytes(UTF_8);

        // when
        TopicProbe.produce(Topics.ITEM_EVENTS.name(), key, garbage);

        // then
        final List<ConsumerRecord<String, byte[]>> dead =
                TopicProbe.await(Topics.ITEM_EVENTS_DLQ.name(), r -> key.equals(r.key()), 1, PATIENCE);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(TopicProbe.header(dead.get(0), DeadLetters.REASON)).startsWith("not JSON");
        assertThat(TopicProbe.header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.ITEM_EVENTS.name());
    }

    @Test
    void aDayWithNothingRecordedIsANotFoundProblem() {
        // when: asked once the store answers at all (it says 503 while Streams starts)
        final Response answer = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> material("1999-01-01"), r -> r.statusCode() != 503);

        // then
        answer.then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://baton.dev/problems/no-material"))
                .body("title", equalTo("No material for this day"))
                .body("status", equalTo(404))
                .body("date", equalTo("1999-01-01"));
    }

    @Test
    void aMalformedDateIsABadRequestProblemNamingTheField() {
        // when / then: not a calendar date
        AsOperator.given()
                .when()
                .get("/devlogs/2026-02-30/material")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://baton.dev/problems/invalid-field"))
                .body("field", equalTo("date"))
                .body("status", equalTo(400));
        // when / then: not a date at all
        AsOperator.given()
                .when()
                .get("/devlogs/yesterday/material")
                .then()
                .statusCode(400)
                .body("field", equalTo("date"));
    }

    private static Response material(String date) {
        return AsOperator.given()
                .when()
                .get("/devlogs/" + date + "/material")
                .then()
                .extract()
                .response();
    }
}
