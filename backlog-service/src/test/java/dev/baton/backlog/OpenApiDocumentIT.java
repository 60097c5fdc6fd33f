package dev.baton.backlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backlog API's OpenAPI document describes every request body, every answer and every problem. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenApiDocumentIT {

    private static JsonNode document() throws Exception {
        final String json = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new ObjectMapper().readTree(json);
    }

    /** The schema a reference points to in the document's components. */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        final String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : document.at(ref.substring(1));
    }

    private static List<String> requestFields(JsonNode document, String path, String method) {
        final JsonNode body = document.path("paths").path(path).path(method).path("requestBody");
        final JsonNode schema =
                resolve(document, body.path("content").path("application/json").path("schema"));
        final List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    @Test
    void everyRequestBodyHasASchemaWithItsFields() throws Exception {
        final JsonNode document = document();

        assertThat(requestFields(document, "/items", "post"))
                .containsExactly(
                        "type",
                        "title",
                        "payload",
                        "priority",
                        "labels",
                        "maxAttempts",
                        "leaseSeconds",
                        "notBefore",
                        "dependsOn");
        assertThat(requestFields(document, "/items/batch", "post")).containsExactly("items");
        final JsonNode batch = resolve(
                document, document.at("/paths/~1items~1batch/post/requestBody/content/application~1json/schema"));
        final JsonNode batchItem = resolve(document, batch.at("/properties/items/items"));
        final List<String> itemFields = new ArrayList<>();
        batchItem.path("properties").fieldNames().forEachRemaining(itemFields::add);
        assertThat(itemFields).contains("idempotencyKey", "type", "title", "payload", "dependsOn");
    }

    @Test
    void everyOperationDocumentsItsAnswerAndItsProblems() throws Exception {
        final JsonNode document = document();
        final List<String> undocumented = new ArrayList<>();

        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            final Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations =
                            path.getValue().fields();
                    operations.hasNext(); ) {
                final Map.Entry<String, JsonNode> operation = operations.next();
                final String name = operation.getKey() + " " + path.getKey();
                final JsonNode responses = operation.getValue().path("responses");
                final boolean body = operation.getValue().has("requestBody");
                final List<String> expected = new ArrayList<>(List.of("406", "414", "431", "500"));
                if (body || operation.getValue().has("parameters")) {
                    expected.add("400");
                }
                if (body) {
                    expected.addAll(List.of("413", "415"));
                }
                for (String code : expected) {
                    if (!responses.has(code)) {
                        undocumented.add(name + " has no " + code);
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> answers = responses.fields(); answers.hasNext(); ) {
                    final Map.Entry<String, JsonNode> answer = answers.next();
                    if (answer.getValue().path("description").asText("").isBlank()) {
                        undocumented.add(name + " " + answer.getKey() + " has no description");
                    }
                    if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                        final String problem = answer.getValue()
                                .path("content")
                                .path("application/problem+json")
                                .path("schema")
                                .path("$ref")
                                .asText("");
                        if (!problem.equals("#/components/schemas/Problem")) {
                            undocumented.add(name + " " + answer.getKey() + " is not a Problem");
                        }
                    } else if (!answer.getKey().equals("204") && !hasSchema(answer.getValue())) {
                        undocumented.add(name + " " + answer.getKey() + " has no schema");
                    }
                }
            }
        }

        assertThat(undocumented).isEmpty();
        assertThat(document.at("/components/schemas/Problem/properties").has("violations"))
                .isTrue();
        assertThat(document.at("/components/schemas/Problem/properties").has("field"))
                .isTrue();
    }

    /**
     * A success answer describes its body: JSON, or the board's event stream of JSON snapshots and
     * a devlog post's Markdown, each under its own media type.
     */
    private static boolean hasSchema(JsonNode answer) {
        final JsonNode content = answer.path("content");
        return content.path("application/json").has("schema")
                || content.path("text/event-stream").has("schema")
                || content.path("text/markdown").has("schema");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("html"));
    }
}
