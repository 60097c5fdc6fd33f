package dev.baton.backlog.rest;

import dev.baton.backlog.readmodel.ItemFilter;
import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.backlog.submit.NewItem;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Params;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.engine.client.SubmissionRefused;
import dev.baton.http.Async;
import dev.baton.http.ProblemMappers;
import dev.baton.http.body.Call;
import dev.baton.http.body.CheckedCall;
import dev.baton.identity.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Submissions over HTTP, and the operator's cancel and redrive. A submission's body is a typed
 * record, read strictly and judged with its Idempotency-Key before the method runs
 * ({@link CheckedCall}); a batch's items are judged each on its own. The calls that wait (for the
 * engine's answer, or for the read model to show a write) check their input, then return a future
 * of the answer: no thread waits meanwhile.
 */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "items", description = "Submit work, cancel it, redrive it")
public class ItemsResource {

    private static final String UNKNOWN = "No such item (reason UNKNOWN_ITEM)";
    private static final String TIMEOUT = "The engine did not answer in time; retry (Retry-After)";
    private static final String NOT_READY = "The read model is not ready yet; retry (Retry-After)";
    private static final String OPERATOR_KEY = "A repeat with the same key answers as the first call did";

    @Inject
    Submissions submissions;

    @Inject
    EngineGateway gateway;

    @Inject
    ReadModel readModel;

    @POST
    @RolesAllowed(Role.SUBMITTER)
    @Consumes(MediaType.APPLICATION_JSON)
    @CheckedCall
    @Operation(summary = "Submit an item")
    @APIResponse(
            responseCode = "201",
            description = "The item, new; its Location",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemView.class)))
    @APIResponse(
            responseCode = "200",
            description = "A repeat of an Idempotency-Key: the item it made, with " + "\"duplicate\": true",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> submit(
            NewItem body,
            @Parameter(description = "Names the item: a repeat answers with the item the first call made")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey,
            @Context UriInfo request) {
        // Read now: the answer is built after the request has been parked, when it can no longer be asked.
        final URI base = request.getBaseUri();
        return Async.answer(submissions.submit(body.spec(), idempotencyKey), answer -> {
            final ItemView view = ItemView.of(answer.item()).withDuplicate(answer.duplicate());
            return answer.duplicate()
                    ? Response.ok(view).build()
                    : Response.created(UriBuilder.fromUri(base)
                                    .path("items")
                                    .path(view.id())
                                    .build())
                            .entity(view)
                            .build();
        });
    }

    @POST
    @RolesAllowed(Role.SUBMITTER)
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Submit several items, each answered on its own",
            description = "A bad item is that item's 400 result; the others go on.")
    @APIResponse(
            responseCode = "200",
            description = "One result per item, in order",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchResults.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    // Reading and checking up to a thousand items is real work: on a worker, not an event loop. The
    // worker is free again once the submissions are sent; nothing waits on it for their answers.
    @Blocking
    public CompletionStage<Response> batch(BatchRequest body) {
        final List<BatchItem> items = body.items();
        final List<CompletableFuture<Reply.Submitted>> pending = new ArrayList<>();
        final List<BatchResults.Result> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            final BatchItem item = items.get(i);
            final List<Violation> violations = item.violations(Call.NONE);
            if (violations.isEmpty()) {
                pending.add(submissions.submit(item.item().spec(), item.idempotencyKey()));
                results.add(null);
            } else {
                pending.add(null);
                results.add(BatchResults.Result.refused(
                        i,
                        new InvalidRequest(violations)
                                .within("items[" + i + "].")
                                .problem()));
            }
        }
        // Once every answer is in (or failed), read them in order: the first failure by index fails the call.
        final CompletableFuture<Void> settled = CompletableFuture.allOf(
                        pending.stream().filter(Objects::nonNull).toArray(CompletableFuture[]::new))
                .exceptionally(failed -> null);
        return Async.answer(settled, nothing -> {
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i) != null) {
                    final SubmissionRefused refused = refusal(pending.get(i));
                    if (refused != null) {
                        // The engine checks again; what it refuses is this item's 400, not the batch's.
                        results.set(
                                i,
                                BatchResults.Result.refused(i, refused.problem().withField("items[" + i + "]")));
                        continue;
                    }
                    final Reply.Submitted answer = pending.get(i).join();
                    results.set(
                            i,
                            BatchResults.Result.taken(
                                    i,
                                    answer.duplicate(),
                                    ItemView.of(answer.item()).withDuplicate(answer.duplicate())));
                }
            }
            return Response.ok(new BatchResults(results)).build();
        });
    }

    @DELETE
    @RolesAllowed(Role.OPERATOR)
    @Path("/{id}")
    @Operation(
            summary = "Cancel a non-terminal item",
            description = "A holder's later complete answers 409 TERMINAL. "
                    + "A repeat with the same Idempotency-Key answers as the first call did.")
    @APIResponse(
            responseCode = "200",
            description = "Cancelled",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemChanged.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = "The item has ended already (reason TERMINAL)")
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> cancel(
            @PathParam("id") String id,
            @Parameter(description = "Why, for the item's history") @QueryParam("reason") String reason,
            @Parameter(description = OPERATOR_KEY) @HeaderParam("Idempotency-Key") String requestId) {
        new Params()
                .check(out -> Rules.itemId(out, "id", id))
                .check(out -> Rules.text(out, "reason", reason, Limits.MAX_REASON))
                .check(out -> Rules.requestId(out, "Idempotency-Key", requestId))
                .done();
        return Async.answer(
                gateway.send(
                        new Command.CancelItem(
                                requestIdOr(requestId), id, reason == null ? "cancelled by an operator" : reason),
                        null,
                        submissions.answerTimeout()),
                ItemsResource::answer);
    }

    @POST
    @RolesAllowed(Role.OPERATOR)
    @Path("/{id}/redrive")
    @Operation(
            summary = "Put a DEAD item back to READY with fresh attempts",
            description = "A repeat with the same Idempotency-Key answers as the first call did.")
    @APIResponse(
            responseCode = "200",
            description = "Ready again",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemChanged.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = "The item is not DEAD (reason NOT_DEAD)")
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> redrive(
            @PathParam("id") String id,
            @Parameter(description = OPERATOR_KEY) @HeaderParam("Idempotency-Key") String requestId) {
        new Params()
                .check(out -> Rules.itemId(out, "id", id))
                .check(out -> Rules.requestId(out, "Idempotency-Key", requestId))
                .done();
        return Async.answer(
                gateway.send(new Command.RedriveItem(requestIdOr(requestId), id), null, submissions.answerTimeout()),
                ItemsResource::answer);
    }

    /** The caller's request id, so a retried operator call is answered once; a fresh one without it. */
    private static String requestIdOr(String requestId) {
        return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : "op:" + requestId;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/{id}")
    @Operation(
            summary = "One item: state, owner, epoch, lease, attempts, result or error, and why it is not ready",
            description = "With minEpoch and/or state, waits up to waitSeconds (default 5) until the read model shows "
                    + "at least that epoch / that state: a client reads its own write.")
    @APIResponse(
            responseCode = "200",
            description = "The item as the read model shows it",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "503", description = NOT_READY)
    public CompletionStage<Response> item(
            @PathParam("id") String id,
            @Parameter(description = "Wait until the item's epoch is at least this") @QueryParam("minEpoch")
                    String minEpochParam,
            @Parameter(description = "Wait until the item is in this state") @QueryParam("state") String state,
            @Parameter(description = "How long to wait, in seconds") @QueryParam("waitSeconds") String waitParam) {
        final Params params = new Params().check(out -> Rules.itemId(out, "id", id));
        final Long minEpoch = params.longValue("minEpoch", minEpochParam, 0, Long.MAX_VALUE);
        final ItemState wanted = params.oneOf("state", state, ItemState.class);
        final Integer waitSeconds = params.integer("waitSeconds", waitParam, 0, Limits.MAX_WAIT_SECONDS);
        params.done();
        final Duration wait =
                Duration.ofSeconds(minEpoch == null && wanted == null ? 0 : waitSeconds == null ? 5 : waitSeconds);
        return Async.answer(
                readModel.awaitExplained(id, minEpoch, wanted, wait),
                found -> found.map(seen -> Response.ok(ItemView.of(seen.item()).withWhy(seen.why()))
                                .build())
                        .orElseGet(() ->
                                ProblemMappers.problem(Rejection.unknownItem(id).problem())));
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/{id}/events")
    @Operation(summary = "The item's whole history, oldest first")
    @APIResponse(
            responseCode = "200",
            description = "Every event of the item",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemHistory.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "503", description = NOT_READY)
    public Response events(@PathParam("id") String id) {
        new Params().check(out -> Rules.itemId(out, "id", id)).done();
        final List<ReadModel.Recorded> history = readModel.history(id);
        if (history.isEmpty()) {
            return ProblemMappers.problem(Rejection.unknownItem(id).problem());
        }
        return Response.ok(ItemHistory.of(id, history)).build();
    }

    @GET
    @RolesAllowed(Role.READER)
    @Operation(
            summary = "Filter and page through items",
            description = "state, type, label, owner filter; limit (default 50); cursor from the last page's "
                    + "nextCursor.")
    @APIResponse(
            responseCode = "200",
            description = "One page of items",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemPage.class)))
    @APIResponse(responseCode = "503", description = NOT_READY)
    public Response list(
            @QueryParam("state") String state,
            @QueryParam("type") String typeParam,
            @QueryParam("label") String labelParam,
            @QueryParam("owner") String ownerParam,
            @Parameter(description = "Items per page") @QueryParam("limit") String limitParam,
            @Parameter(description = "Where the page starts: the last page's nextCursor") @QueryParam("cursor")
                    String cursorParam) {
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
        final ReadModel.Page page =
                readModel.list(new ItemFilter(wanted, type, label, owner), limit == null ? 50 : limit, cursor);
        return Response.ok(new ItemPage(page.items().stream().map(ItemView::of).toList(), page.nextCursor()))
                .build();
    }

    private static Response answer(Reply reply) {
        if (reply instanceof Reply.Accepted accepted) {
            return Response.ok(new ItemChanged(accepted.itemId(), accepted.state()))
                    .build();
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

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
