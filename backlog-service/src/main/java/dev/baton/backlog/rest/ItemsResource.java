package dev.baton.backlog.rest;

import dev.baton.http.Async;
import dev.baton.http.ProblemMappers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.backlog.readmodel.DependencyCycles;
import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Params;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.engine.client.SubmissionRefused;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Submissions over HTTP, and the operator's cancel and redrive. The calls that wait (for the
 * engine's answer, or for the read model to show a write) check their input, then return a future
 * of the answer: no thread waits meanwhile.
 */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items", description = "Submit work, cancel it, redrive it")
public class ItemsResource {

    @Inject
    Submissions submissions;

    @Inject
    EngineGateway gateway;

    @Inject
    ReadModel readModel;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an item",
            description = "201 with the item and a Location; with an Idempotency-Key header a repeat answers 200 with "
                    + "the existing item and \"duplicate\": true.")
    public CompletionStage<Response> submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context UriInfo request) {
        final JsonFields fields = JsonFields.parse(body);
        fields.check(out -> Rules.requestId(out, "Idempotency-Key", idempotencyKey));
        final ItemSpec spec = SubmissionValidator.validate(fields, itemIdOf(idempotencyKey));
        // Read now: the answer is built after the request has been parked, when it can no longer be asked.
        final URI base = request.getBaseUri();
        return Async.answer(submissions.submit(spec, idempotencyKey), answer -> {
            final ItemView view = ItemView.of(answer.item()).withDuplicate(answer.duplicate());
            return answer.duplicate() ? Response.ok(view).build()
                    : Response.created(UriBuilder.fromUri(base).path("items").path(view.id()).build()).entity(view)
                            .build();
        });
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit up to 1,000 items",
            description = "Body: an array of items (or {\"items\": [...]}); each may carry its own \"idempotencyKey\". "
                    + "200 with one result per item, in order: status 201, 200 (duplicate) or 400 with the problem.")
    // Reading and checking up to a thousand items is real work: on a worker, not an event loop. The
    // worker is free again once the submissions are sent; nothing waits on it for their answers.
    @Blocking
    public CompletionStage<Response> batch(String body) {
        final JsonNode envelope = JsonFields.tree(body);
        final JsonNode items = envelope.isArray() ? envelope : envelope.get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidRequest("items", "must be an array of items");
        }
        if (items.size() == 0 || items.size() > Limits.MAX_SUBMIT_BATCH) {
            throw new InvalidRequest("items", "must hold between 1 and " + Limits.MAX_SUBMIT_BATCH + " items");
        }
        final List<CompletableFuture<Reply.Submitted>> pending = new ArrayList<>();
        final List<Object> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                final JsonFields fields = JsonFields.of(items.get(i));
                final String key = fields.string("idempotencyKey", false);
                fields.check(out -> Rules.requestId(out, "idempotencyKey", key));
                final ItemSpec spec = SubmissionValidator.validate(fields, itemIdOf(key));
                pending.add(submissions.submit(spec, key));
                results.add(null);
            } catch (InvalidRequest e) {
                pending.add(null);
                results.add(problemResult(i, e.within("items[" + i + "].").problem()));
            }
        }
        // Once every answer is in (or failed), read them in order: the first failure by index fails the call.
        final CompletableFuture<Void> settled = CompletableFuture
                .allOf(pending.stream().filter(Objects::nonNull).toArray(CompletableFuture[]::new))
                .exceptionally(failed -> null);
        return Async.answer(settled, nothing -> {
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i) != null) {
                    final SubmissionRefused refused = refusal(pending.get(i));
                    if (refused != null) {
                        // The engine checks again; what it refuses is this item's 400, not the batch's.
                        results.set(i, problemResult(i, refused.problem().withField("items[" + i + "]")));
                        continue;
                    }
                    final Reply.Submitted answer = pending.get(i).join();
                    final Map<String, Object> result = new LinkedHashMap<>();
                    result.put("index", i);
                    result.put("status", answer.duplicate() ? 200 : 201);
                    result.put("item", ItemView.of(answer.item()).withDuplicate(answer.duplicate()));
                    results.set(i, result);
                }
            }
            return Response.ok(Map.of("results", results)).build();
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a non-terminal item", description = "A holder's later complete answers 409 TERMINAL. "
            + "A repeat with the same Idempotency-Key answers as the first call did.")
    public CompletionStage<Response> cancel(@PathParam("id") String id, @QueryParam("reason") String reason,
            @HeaderParam("Idempotency-Key") String requestId) {
        new Params().check(out -> Rules.itemId(out, "id", id))
                .check(out -> Rules.text(out, "reason", reason, Limits.MAX_REASON))
                .check(out -> Rules.requestId(out, "Idempotency-Key", requestId)).done();
        return Async.answer(gateway.send(new Command.CancelItem(requestIdOr(requestId), id,
                reason == null ? "cancelled by an operator" : reason), null, submissions.answerTimeout()),
                ItemsResource::answer);
    }

    @POST
    @Path("/{id}/redrive")
    @Operation(summary = "Put a DEAD item back to READY with fresh attempts",
            description = "A repeat with the same Idempotency-Key answers as the first call did.")
    public CompletionStage<Response> redrive(@PathParam("id") String id,
            @HeaderParam("Idempotency-Key") String requestId) {
        new Params().check(out -> Rules.itemId(out, "id", id))
                .check(out -> Rules.requestId(out, "Idempotency-Key", requestId)).done();
        return Async.answer(gateway.send(new Command.RedriveItem(requestIdOr(requestId), id), null,
                submissions.answerTimeout()), ItemsResource::answer);
    }

    /** The caller's request id, so a retried operator call is answered once; a fresh one without it. */
    private static String requestIdOr(String requestId) {
        return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : "op:" + requestId;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One item: state, owner, epoch, lease, attempts, result or error, and why it is not ready",
            description = "With minEpoch and/or state, waits up to waitSeconds (default 5) until the read model shows "
                    + "at least that epoch / that state: a client reads its own write.")
    public CompletionStage<Response> item(@PathParam("id") String id, @QueryParam("minEpoch") String minEpochParam,
            @QueryParam("state") String state, @QueryParam("waitSeconds") String waitParam) {
        final Params params = new Params().check(out -> Rules.itemId(out, "id", id));
        final Long minEpoch = params.longValue("minEpoch", minEpochParam, 0, Long.MAX_VALUE);
        final ItemState wanted = params.oneOf("state", state, ItemState.class);
        final Integer waitSeconds = params.integer("waitSeconds", waitParam, 0, Limits.MAX_WAIT_SECONDS);
        params.done();
        final Duration wait = Duration.ofSeconds(minEpoch == null && wanted == null ? 0
                : waitSeconds == null ? 5 : waitSeconds);
        return Async.answer(readModel.awaitItem(id, minEpoch, wanted, wait), found -> found
                .map(item -> Response.ok(ItemView.of(item)
                        .withWhy(DependencyCycles.why(item, other -> readModel.item(other).orElse(null)))).build())
                .orElseGet(() -> ProblemMappers.problem(Rejection.unknownItem(id).problem())));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The item's whole history, oldest first")
    public Response events(@PathParam("id") String id) {
        new Params().check(out -> Rules.itemId(out, "id", id)).done();
        final List<ItemEvent> history = readModel.history(id);
        if (history.isEmpty()) {
            return ProblemMappers.problem(Rejection.unknownItem(id).problem());
        }
        final List<Object> events = new ArrayList<>();
        for (ItemEvent event : history) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event.getClass().getSimpleName());
            body.put("line", LifecycleLine.of(event));
            body.putAll(Json.mapper().convertValue(event, Map.class));
            events.add(body);
        }
        return Response.ok(Map.of("id", id, "events", events)).build();
    }

    @GET
    @Operation(summary = "Filter and page through items",
            description = "state, type, label, owner filter; limit (1-500, default 50); cursor from the last page's "
                    + "nextCursor.")
    public Response list(@QueryParam("state") String state, @QueryParam("type") String typeParam,
            @QueryParam("label") String labelParam, @QueryParam("owner") String ownerParam,
            @QueryParam("limit") String limitParam, @QueryParam("cursor") String cursorParam) {
        final Params params = new Params();
        final ItemState wanted = params.oneOf("state", state, ItemState.class);
        // A blank filter is no filter, as a blank state always was.
        final String type = blankless(typeParam);
        final String label = blankless(labelParam);
        final String owner = blankless(ownerParam);
        final String cursor = blankless(cursorParam);
        params.check(out -> Rules.pattern(out, "type", type, Limits.TYPE, Limits.TYPE_RULE, false))
                .check(out -> Rules.oneLine(out, "label", label, Limits.MAX_LABEL, false))
                .check(out -> Rules.pattern(out, "owner", owner, Limits.AGENT, Limits.AGENT_RULE, false))
                .check(out -> Rules.oneLine(out, "cursor", cursor, Limits.MAX_CURSOR, false));
        final Integer limit = params.integer("limit", limitParam, 1, Limits.MAX_PAGE);
        params.done();
        final ReadModel.Page page = readModel.list(item -> (wanted == null || item.state() == wanted)
                && (type == null || type.equals(item.spec().type()))
                && (label == null || item.spec().labels().contains(label))
                && (owner == null || owner.equals(item.owner())), limit == null ? 50 : limit, cursor);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(ItemView::of).toList());
        if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
        }
        return Response.ok(body).build();
    }

    private static Response answer(Reply reply) {
        if (reply instanceof Reply.Accepted accepted) {
            return Response.ok(Map.of("id", accepted.itemId(), "state", accepted.state())).build();
        }
        return ProblemMappers.problem(((Reply.Rejected) reply).rejection().problem());
    }

    /** The engine's refusal of one submission, or {@code null} when it was not refused. */
    private static SubmissionRefused refusal(CompletableFuture<Reply.Submitted> submission) {
        try {
            submission.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof SubmissionRefused refused ? refused : null;
        }
    }

    private static Map<String, Object> problemResult(int index, Problem problem) {
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("status", problem.status());
        result.put("problem", problem);
        return result;
    }

    /** The item an idempotency key names, so the rules can see an item that depends on itself. */
    private static String itemIdOf(String idempotencyKey) {
        return idempotencyKey == null || idempotencyKey.isBlank() ? null : ItemIds.forKey(idempotencyKey);
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
