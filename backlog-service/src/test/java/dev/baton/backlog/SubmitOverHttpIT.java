package dev.baton.backlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(120)
class SubmitOverHttpIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    @Test
    void anAcceptedSubmissionIsOnBacklogItemsKeyedByItsId() {
        final String id = given().contentType("application/json")
                .body("{\"type\":\"build\",\"title\":\"Write the parser\",\"priority\":5,\"labels\":[\"core\"],"
                        + "\"payload\":{\"cmd\":\"make\"}}")
                .when().post("/items")
                .then().statusCode(201)
                .header("Location", containsString("/items/"))
                .body("item.type", equalTo("build"))
                .extract().path("id");

        final List<ConsumerRecord<String, byte[]>> records = TopicProbe.await(Topics.BACKLOG_ITEMS.name(),
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30));

        assertThat(EVENTS.decode(records.get(0).value())).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            final ItemEvent.ItemSubmitted submitted = (ItemEvent.ItemSubmitted) ok.value();
            assertThat(submitted.spec().title()).isEqualTo("Write the parser");
            assertThat(submitted.spec().priority()).isEqualTo(5);
            assertThat(submitted.spec().payload().get("cmd").asText()).isEqualTo("make");
        });
    }

    @Test
    void aSubmissionWithoutATitleIsAProblemNamingTheField() {
        given().contentType("application/json")
                .body("{\"type\":\"build\",\"priority\":\"high\"}")
                .when().post("/items")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("title"))
                .body("violations.field", org.hamcrest.Matchers.hasItems("title", "priority"));
    }

    @Test
    void malformedJsonIsAProblemToo() {
        given().contentType("application/json")
                .body("{\"type\": \"build\", ")
                .when().post("/items")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}
