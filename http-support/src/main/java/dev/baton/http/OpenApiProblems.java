package dev.baton.http;

import dev.baton.contracts.http.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes every operation's error answers into the OpenAPI document: the {@code Problem} schema
 * ({@code application/problem+json}), the answers the HTTP edge gives on every route (401, 403,
 * 406, 414, 431, 500; 400, 413 and 415 where there is input or a body), and the problem content of the
 * answers a resource declares by code and description only (a 404, a 409, a 503). Declaring
 * them once here keeps the resources to what is particular to each call.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiProblems implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";

    /** What the edge answers on any route, and when it says so. */
    private static final Map<String, String> EVERY_CALL = Map.of(
            "401",
                    "No bearer token, or one that does not verify (malformed, expired, signed by another key, "
                            + "another issuer or audience); the WWW-Authenticate header says so too",
            "403", "The token lacks the role this call needs, or names another agent than the body's `agent`",
            "406", "No representation of the answer matches the Accept header",
            "414", "The request target (path and query) is longer than Baton takes; `limit` states the bound",
            "431", "The request headers are larger than Baton takes; `limit` states the bound",
            "500", "The service failed; the answer names only the `errorId` it logged the failure under");

    private static final String INVALID = "The request breaks a rule: `field` names the first offending field "
            + "(`$` for a body that is not one JSON object), `violations` lists every one with what is wrong";
    private static final String BODY_TOO_LARGE = "The body is larger than this call takes; `limit` states the bound";
    private static final String NOT_JSON = "The Content-Type is not application/json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(VIOLATION, violation()).addSchema(PROBLEM, problem());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                answers(operation);
            }
        }
    }

    private static void answers(Operation operation) {
        if (operation.getResponses() == null) {
            operation.responses(OASFactory.createAPIResponses());
        }
        final APIResponses responses = operation.getResponses();
        final boolean body = operation.getRequestBody() != null;
        final boolean input = body
                || operation.getParameters() != null
                        && !operation.getParameters().isEmpty();
        if (input) {
            ensure(responses, "400", INVALID);
            // The scanner adds a bare "Bad Request" where Bean Validation runs: say what a 400 holds.
            responses.getAPIResponse("400").description(INVALID);
        }
        if (body) {
            ensure(responses, "413", BODY_TOO_LARGE);
            ensure(responses, "415", NOT_JSON);
        }
        EVERY_CALL.forEach((code, description) -> ensure(responses, code, description));
        for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
            if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                final APIResponse response = answer.getValue();
                if (response.getContent() == null
                        || response.getContent().getMediaTypes() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                    response.content(OASFactory.createContent()
                            .addMediaType(
                                    Problem.MEDIA_TYPE,
                                    OASFactory.createMediaType()
                                            .schema(OASFactory.createSchema().ref(PROBLEM))));
                }
            }
        }
    }

    private static void ensure(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Schema problem() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document, the body of every error answer. Besides the fields "
                        + "below it carries the facts of the refusal (a rejection's reason, owner, epoch and "
                        + "leaseUntil; a bound's limit; a failure's errorId).")
                .addProperty("type", text("The problem's name, as a URI: https://baton.dev/problems/<name>"))
                .addProperty("title", text("A short summary of the problem's type"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .description("The HTTP status of the answer"))
                .addProperty("detail", text("What went wrong with this request, in words"))
                .addProperty(
                        "field",
                        text("The first offending input: a field of the body as a path "
                                + "(result.tags[2], items[3].title), a path or query parameter, a header, or $ for the body "
                                + "as a whole"))
                .addProperty(
                        "violations",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("Every offending input of the request, the first first (at most 100)")
                                .items(OASFactory.createSchema().ref(VIOLATION)))
                .addProperty(
                        "violationsNotListed",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .description("How many violations are past the 100 listed"))
                .addProperty(
                        "reason",
                        text("Why the engine refused a call, such as ALREADY_CLAIMED, "
                                + "STALE_EPOCH, NOT_OWNER, TERMINAL, UNKNOWN_ITEM"))
                .addRequired("type")
                .addRequired("title")
                .addRequired("status")
                .additionalPropertiesBoolean(true);
    }

    private static Schema violation() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One offending input and what is wrong with it")
                .addProperty("field", text("The input, named as in Problem.field"))
                .addProperty("message", text("What is wrong with it, such as \"is required\" or \"must be a string\""))
                .addRequired("field")
                .addRequired("message");
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
