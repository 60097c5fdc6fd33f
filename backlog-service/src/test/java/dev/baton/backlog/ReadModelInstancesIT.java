package dev.baton.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.backlog.readmodel.SecondInstance;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.SharedKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances of the read model on the test broker: this service and a {@link SecondInstance}
 * in the same Streams application, each holding part of the partitions. Whatever is asked of this
 * service reads as it did when it held everything.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(300)
class ReadModelInstancesIT {

    private static final String APPLICATION = "baton-backlog-read-model-" + SharedKafka.RUN_ID;
    private static final Duration REBALANCE = Duration.ofSeconds(90);

    @Inject
    EngineGateway engine;

    @Test
    void withTwoInstancesEveryQueryReadsAsFromOneAndAfterOneStopsTheOtherAnswersForAll() throws Exception {
        // given: items of one type and label, two of them claimed, all read by this instance alone
        final String type = "two-" + UUID.randomUUID().toString().substring(0, 8);
        final String label = "lbl-" + UUID.randomUUID().toString().substring(0, 8);
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(submit(type, label, i));
        }
        claim(ids.get(0), "two-agent-a");
        claim(ids.get(1), "two-agent-b");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(countsOf(type)).containsEntry("READY", 22).containsEntry("CLAIMED", 2));
        final List<Page> byType = walk("type=" + type, 5);
        final List<Page> readyByLabel = walk("label=" + label + "&state=READY", 4);
        final List<Page> byOwner = walk("owner=two-agent-b", 3);
        final Map<String, Integer> countsAlone = countsOf(type);
        assertThat(byType).hasSize(5);
        assertThat(byType.stream().flatMap(p -> p.ids().stream())).containsExactlyElementsOf(sorted(ids));
        assertThat(countsAlone).containsEntry("READY", 22).containsEntry("CLAIMED", 2);

        try (SecondInstance second = SecondInstance.start(APPLICATION)) {
            // when: a second instance joins and the group gives it part of the partitions
            await().atMost(REBALANCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> second.state() == KafkaStreams.State.RUNNING
                            && !second.partitionsHere().isEmpty()
                            && answered("/items?type=" + type + "&limit=5") == 200);
            final String theirs = ids.subList(2, ids.size()).stream()
                    .filter(id -> second.partitionsHere().contains(second.partitionOf(id)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no item of the test is held by the second instance"));

            // then: a key the other instance holds is answered here, with the caller's token passed on
            final String token = AsOperator.token();
            RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get("/items/" + theirs)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(theirs))
                    .body("type", equalTo(type));
            AsOperator.given()
                    .get("/items/" + theirs + "/events")
                    .then()
                    .statusCode(200)
                    .body("events.event", equalTo(List.of("ItemSubmitted")));
            assertThat(second.authorizations()).contains("Bearer " + token);

            // and: a write read through this instance is seen once the holder shows it
            final long epoch = claim(theirs, "two-agent-c");
            AsOperator.given()
                    .get("/items/" + theirs + "?minEpoch=" + epoch + "&waitSeconds=10")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("CLAIMED"))
                    .body("owner", equalTo("two-agent-c"));

            // and: lists page as with one instance (same items, order, cursors), and the stats add up
            assertThat(walk("type=" + type, 5)).isEqualTo(withClaimed(byType, theirs));
            assertThat(walk("label=" + label + "&state=READY", 4)).isEqualTo(walkWithout(readyByLabel, theirs));
            assertThat(walk("owner=two-agent-b", 3)).isEqualTo(byOwner);
            final Map<String, Integer> counts = countsOf(type);
            assertThat(counts).containsEntry("READY", 21).containsEntry("CLAIMED", 3);
            final long secondsShare = second.statsHere().byType().getOrDefault(type, Map.of()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertThat(secondsShare).isBetween(1L, 23L);

            // when: the other instance stops answering while it still holds its partitions
            second.stopAnswering();

            // then: a list, the stats and a key it holds are "not now" to retry, never a part as the whole
            for (String path : List.of("/items?type=" + type + "&limit=5", "/stats", "/items/" + theirs)) {
                assertThat(answered(path)).as(path).isEqualTo(503);
            }
        }

        // when the second instance has left the group, then: this one takes every partition back and answers for all
        await().atMost(REBALANCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> answered("/items?type=" + type + "&limit=5") == 200
                        && walk("type=" + type, 5).size() == 5);
        assertThat(walk("type=" + type, 5).stream().flatMap(p -> p.ids().stream()))
                .containsExactlyElementsOf(sorted(ids));
        assertThat(countsOf(type)).containsEntry("READY", 21).containsEntry("CLAIMED", 3);
        ids.forEach(id -> AsOperator.given().get("/items/" + id).then().statusCode(200));
    }

    /** One page as the API gives it: its items and where the next one starts. */
    record Page(List<Map<String, Object>> items, String nextCursor) {
        List<String> ids() {
            return items.stream().map(item -> (String) item.get("id")).toList();
        }
    }

    /**
     * Every page of a list, following the cursors. A page that cannot be had whole is a 503 problem
     * with Retry-After (checked here), never a part; then the walk starts again.
     */
    private static List<Page> walk(String filter, int limit) {
        while (true) {
            final List<Page> pages = new ArrayList<>();
            String cursor = null;
            boolean whole = true;
            do {
                final ExtractableResponse<Response> answer = AsOperator.given()
                        .get("/items?" + filter + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor))
                        .then()
                        .extract();
                if (answer.statusCode() == 503) {
                    notNow(answer);
                    whole = false;
                    break;
                }
                assertThat(answer.statusCode()).isEqualTo(200);
                final Page page = new Page(answer.path("items"), answer.path("nextCursor"));
                pages.add(page);
                cursor = page.nextCursor();
            } while (cursor != null);
            if (whole) {
                return pages;
            }
        }
    }

    private static int answered(String path) {
        final ExtractableResponse<Response> answer =
                AsOperator.given().get(path).then().extract();
        if (answer.statusCode() == 503) {
            notNow(answer);
        }
        return answer.statusCode();
    }

    private static void notNow(ExtractableResponse<Response> answer) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isNotBlank();
    }

    private static Map<String, Integer> countsOf(String type) {
        final ExtractableResponse<Response> answer =
                AsOperator.given().get("/stats").then().statusCode(200).extract();
        final Map<String, Integer> counts = answer.path("byType." + type);
        return counts == null ? Map.of() : counts;
    }

    /** The pages of one instance, with the item now claimed shown so: the same ids in the same places. */
    private static List<Page> withClaimed(List<Page> pages, String claimed) {
        final List<Page> expected = new ArrayList<>();
        for (Page page : pages) {
            final List<Map<String, Object>> items = new ArrayList<>();
            for (Map<String, Object> item : page.items()) {
                items.add(item.get("id").equals(claimed) ? current(claimed) : item);
            }
            expected.add(new Page(items, page.nextCursor()));
        }
        return expected;
    }

    /** The READY pages of one instance, once one item is no longer ready: re-paged from the same items. */
    private static List<Page> walkWithout(List<Page> pages, String gone) {
        final List<Map<String, Object>> items = new ArrayList<>();
        pages.forEach(page -> page.items().stream()
                .filter(item -> !item.get("id").equals(gone))
                .forEach(items::add));
        final int limit = pages.get(0).items().size();
        final List<Page> expected = new ArrayList<>();
        for (int from = 0; from < items.size(); from += limit) {
            final List<Map<String, Object>> page = items.subList(from, Math.min(items.size(), from + limit));
            final boolean last = from + limit >= items.size();
            expected.add(new Page(
                    page, last ? null : (String) page.get(page.size() - 1).get("id")));
        }
        return expected;
    }

    private static Map<String, Object> current(String id) {
        final List<Map<String, Object>> found = AsOperator.given()
                .get("/items?owner=two-agent-c&limit=500")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        return found.stream()
                .filter(item -> item.get("id").equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static String submit(String type, String label, int i) {
        return AsOperator.given()
                .contentType("application/json")
                .body("{\"type\":\"" + type + "\",\"title\":\"item " + i + "\",\"labels\":[\"" + label + "\"]}")
                .post("/items")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private long claim(String id, String agent) {
        final Reply.Granted grant = (Reply.Granted) engine.ask(
                new Command.ClaimItem(UUID.randomUUID().toString(), id, agent, 600), null, Duration.ofSeconds(10));
        return grant.grants().get(0).epoch();
    }
}
