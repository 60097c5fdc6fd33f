package dev.baton.backlog.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submissions over HTTP, and the operator's cancel and redrive. */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items", description = "Submit work, cancel it, redrive it")
public class ItemsResource {

    static final int MAX_BATCH = 1_000;

    @Inject
    Submissions submissions;

    @Inject
    EngineGateway gateway;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an item",
            description = "201 with the item and a Location; with an Idempotency-Key header a repeat answers 200 with "
                    + "the existing item and \"duplicate\": true.")
    public Response submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        final ItemSpec spec = SubmissionValidator.validate(JsonFields.parse(body));
        checkKey(idempotencyKey, "Idempotency-Key");
        final Reply.Submitted answer = (Reply.Submitted) EngineGateway.await(
                submissions.submit(spec, idempotencyKey), idempotencyKey, submissions.answerTimeout());
        final ItemView view = ItemView.of(answer.item()).withDuplicate(answer.duplicate());
        return answer.duplicate() ? Response.ok(view).build()
                : Response.created(URI.create("/items/" + view.id())).entity(view).build();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit up to 1,000 items",
            description = "Body: an array of items (or {\"items\": [...]}); each may carry its own \"idempotencyKey\". "
                    + "200 with one result per item, in order: status 201, 200 (duplicate) or 400 with the problem.")
    public Response batch(String body) {
        final JsonFields envelope = JsonFields.parse(body.strip().startsWith("[") ? "{\"items\":" + body + "}" : body);
        final JsonNode items = envelope.body().get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidRequest("items", "must be an array of items");
        }
        if (items.size() == 0 || items.size() > MAX_BATCH) {
            throw new InvalidRequest("items", "must hold between 1 and " + MAX_BATCH + " items");
        }
        final List<CompletableFuture<Reply.Submitted>> pending = new ArrayList<>();
        final List<Object> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                final JsonFields fields = JsonFields.of(items.get(i));
                final String key = fields.text("idempotencyKey", false, 200);
                final ItemSpec spec = SubmissionValidator.validate(fields);
                pending.add(submissions.submit(spec, key));
                results.add(null);
            } catch (InvalidRequest e) {
                pending.add(null);
                results.add(problemResult(i, e.problem().withField("items[" + i + "]." + e.problem().field())));
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) != null) {
                final Reply.Submitted answer = (Reply.Submitted) EngineGateway.await(pending.get(i), "batch",
                        submissions.answerTimeout());
                final Map<String, Object> result = new LinkedHashMap<>();
                result.put("index", i);
                result.put("status", answer.duplicate() ? 200 : 201);
                result.put("item", ItemView.of(answer.item()).withDuplicate(answer.duplicate()));
                results.set(i, result);
            }
        }
        return Response.ok(Map.of("results", results)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a non-terminal item", description = "A holder's later complete answers 409 TERMINAL.")
    public Response cancel(@PathParam("id") String id, @QueryParam("reason") String reason) {
        checkKey(id, "id");
        return answer(gateway.ask(new Command.CancelItem(UUID.randomUUID().toString(), id,
                reason == null ? "cancelled by an operator" : reason), null, submissions.answerTimeout()));
    }

    @POST
    @Path("/{id}/redrive")
    @Operation(summary = "Put a DEAD item back to READY with fresh attempts")
    public Response redrive(@PathParam("id") String id) {
        checkKey(id, "id");
        return answer(gateway.ask(new Command.RedriveItem(UUID.randomUUID().toString(), id), null,
                submissions.answerTimeout()));
    }

    private static Response answer(Reply reply) {
        if (reply instanceof Reply.Accepted accepted) {
            return Response.ok(Map.of("id", accepted.itemId(), "state", accepted.state())).build();
        }
        return ProblemMappers.problem(((Reply.Rejected) reply).rejection().problem());
    }

    private static Map<String, Object> problemResult(int index, Problem problem) {
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("status", problem.status());
        result.put("problem", problem);
        return result;
    }

    private static void checkKey(String value, String field) {
        if (value != null && (value.isBlank() || value.length() > 200)) {
            throw new InvalidRequest(field, "must be 1 to 200 characters");
        }
    }
}
