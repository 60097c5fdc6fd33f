package dev.baton.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class DependencyChainIT {

    @Inject
    EngineGateway engine;

    private static String submit(String title, List<String> dependsOn, String key) {
        final String deps = dependsOn.isEmpty() ? "" : ",\"dependsOn\":[\"" + String.join("\",\"", dependsOn) + "\"]";
        return AsOperator.given()
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"type\":\"chain\",\"title\":\"" + title + "\"" + deps + "}")
                .post("/items")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static int partitionOf(String id) {
        // Kafka's partitioner for keyed records.
        return Utils.toPositive(Utils.murmur2(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 12;
    }

    private Reply claim(String id) {
        return engine.ask(
                new Command.ClaimItem(UUID.randomUUID().toString(), id, "chain-agent", 30),
                null,
                Duration.ofSeconds(10));
    }

    private void claimAndComplete(String id) {
        final long epoch = ((Reply.Granted) claim(id)).grants().get(0).epoch();
        engine.ask(
                new Command.CompleteItem(
                        UUID.randomUUID().toString(), id, "chain-agent", epoch, Result.of(id + " done")),
                null,
                Duration.ofSeconds(10));
    }

    private void awaitReady(String id) {
        AsOperator.given()
                .get("/items/" + id + "?state=READY&waitSeconds=20")
                .then()
                .statusCode(200)
                .body("state", equalTo("READY"));
    }

    @Test
    void aChainAcrossPartitionsCompletesInOrder() {
        // Keys chosen so that A, B and C live in three different engine partitions.
        final String run = UUID.randomUUID().toString();
        String keyA = null;
        String keyB = null;
        String keyC = null;
        final Set<Integer> used = new HashSet<>();
        for (int n = 0; keyC == null; n++) {
            final String key = run + "-" + n;
            final int partition = partitionOf(dev.baton.contracts.item.ItemIds.forKey(key));
            if (!used.add(partition)) {
                continue;
            }
            if (keyA == null) {
                keyA = key;
            } else if (keyB == null) {
                keyB = key;
            } else {
                keyC = key;
            }
        }
        final String a = submit("A", List.of(), keyA);
        final String b = submit("B", List.of(a), keyB);
        final String c = submit("C", List.of(b), keyC);

        AsOperator.given()
                .get("/items/" + c + "?state=WAITING&waitSeconds=20")
                .then()
                .statusCode(200)
                .body("why", equalTo("waiting on " + b));
        assertThat(((Reply.Rejected) claim(b)).rejection().reason()).isEqualTo(Reason.NOT_READY);

        claimAndComplete(a);
        awaitReady(b);
        assertThat(((Reply.Rejected) claim(c)).rejection().reason()).isEqualTo(Reason.NOT_READY);
        claimAndComplete(b);
        awaitReady(c);
        claimAndComplete(c);

        AsOperator.given()
                .get("/items/" + c + "?state=DONE&waitSeconds=20")
                .then()
                .statusCode(200)
                .body("result.summary", equalTo(c + " done"));
    }

    @Test
    void twoItemsWaitingOnEachOtherSayInWhyThatTheyWaitOnACycle() {
        // given: A waits on B (not submitted yet), then B is submitted waiting on A
        final String run = UUID.randomUUID().toString();
        final String idB = dev.baton.contracts.item.ItemIds.forKey(run + "-b");
        final String a = submit("A", List.of(idB), run + "-a");
        final String b = submit("B", List.of(a), run + "-b");

        // then: both wait, and each names the cycle
        AsOperator.given()
                .get("/items/" + a + "?state=WAITING&waitSeconds=20")
                .then()
                .statusCode(200)
                .body(
                        "why",
                        equalTo("waiting on " + b + "; waiting on a cycle that will never end by itself: " + a + " -> "
                                + b + " -> " + a + " (cancel one of them)"));
        AsOperator.given()
                .get("/items/" + b)
                .then()
                .statusCode(200)
                .body("why", org.hamcrest.Matchers.containsString(b + " -> " + a + " -> " + b));
    }
}
