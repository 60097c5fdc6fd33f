package dev.baton.claim.api;

import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reply;
import dev.baton.http.Async;
import dev.baton.http.ProblemMappers;
import dev.baton.http.access.Caller;
import dev.baton.http.body.CheckedCall;
import dev.baton.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent API: claim, heartbeat, complete, fail, release, each for the role {@code agent} and
 * only as the agent the caller's token names (its subject). Every call is answered only once the
 * engine has decided it and committed the decision. A call carries a request id (the body's
 * {@code requestId} or the {@code Idempotency-Key} header); repeating it returns the same answer.
 *
 * <p>Each body is a typed record, read strictly and judged with the call's item and key before the
 * method runs ({@link CheckedCall}); the method returns a future of the answer: it runs on the
 * event loop and no thread waits for the engine or, on a long poll, for work to appear.
 */
@Path("/claims")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "claims", description = "Claim work, hold it under a lease, and report how it went")
public class ClaimsResource {

    private static final String KEY = "A request id, when the body has none: a repeat gets the first answer";
    private static final String ITEM = "The item's id";
    private static final String ACCEPTED = "Accepted: the item's state and epoch after the call";
    private static final String UNKNOWN = "No such item (reason UNKNOWN_ITEM)";
    private static final String REFUSED = "Refused: the caller does not hold the item at this epoch, or it has "
            + "ended; the problem's reason says which (NOT_OWNER, STALE_EPOCH, TERMINAL, ...)";
    private static final String TIMEOUT = "The engine did not answer in time; retry (Retry-After)";

    @Inject
    Claims claims;

    @POST
    @Path("/next")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(
            summary = "Claim the most urgent ready items",
            description = "Waits up to waitSeconds for an item of the wanted types to become ready (a long poll).")
    @APIResponse(
            responseCode = "200",
            description = "The items granted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = GrantedClaims.class)))
    @APIResponse(responseCode = "204", description = "Nothing became ready in time")
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> next(
            @RequestBody(required = false, description = "An empty body is an empty object") ClaimNextRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        final String agent = Caller.agent(caller, body.agent());
        final String requestId = RequestIds.of(body.requestId(), idempotencyKey);
        return Async.answer(claims.next(body.command(requestId, agent), body.waiting()), reply -> {
            if (reply instanceof Reply.Granted granted) {
                return granted.grants().isEmpty()
                        ? Response.noContent().build()
                        : Response.ok(new GrantedClaims(granted.grants())).build();
            }
            return Answers.rejected((Reply.Rejected) reply);
        });
    }

    @POST
    @Path("/{itemId}")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(summary = "Claim one item by id")
    @APIResponse(
            responseCode = "200",
            description = "The grant: the item, its epoch and the lease",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grant.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(
            responseCode = "409",
            description = "The item cannot be claimed now: the problem's reason says why "
                    + "(ALREADY_CLAIMED with its owner and lease, NOT_READY, TERMINAL, ...)")
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> claim(
            @Parameter(description = ITEM) @PathParam("itemId") String itemId,
            @RequestBody(required = false, description = "An empty body is an empty object") ClaimRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        final String agent = Caller.agent(caller, body.agent());
        return Async.answer(
                claims.send(body.command(itemId, RequestIds.of(body.requestId(), idempotencyKey), agent)), reply -> {
                    if (reply instanceof Reply.Granted granted) {
                        return Response.ok(granted.grants().get(0)).build();
                    }
                    return Answers.of(reply);
                });
    }

    @POST
    @Path("/{itemId}/heartbeat")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(summary = "Extend the lease")
    @APIResponse(
            responseCode = "200",
            description = ACCEPTED,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemAccepted.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = REFUSED)
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> heartbeat(
            @Parameter(description = ITEM) @PathParam("itemId") String itemId,
            HeartbeatRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return holder(body, itemId, idempotencyKey, caller);
    }

    @POST
    @Path("/{itemId}/complete")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(summary = "Complete the item with its result")
    @APIResponse(
            responseCode = "200",
            description = ACCEPTED,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemAccepted.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = REFUSED)
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> complete(
            @Parameter(description = ITEM) @PathParam("itemId") String itemId,
            CompleteRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return holder(body, itemId, idempotencyKey, caller);
    }

    @POST
    @Path("/{itemId}/fail")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(
            summary = "Report a failure",
            description = "Retryable: back after a backoff, or DEAD when attempts are exhausted.")
    @APIResponse(
            responseCode = "200",
            description = ACCEPTED,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemAccepted.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = REFUSED)
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> fail(
            @Parameter(description = ITEM) @PathParam("itemId") String itemId,
            FailRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return holder(body, itemId, idempotencyKey, caller);
    }

    @POST
    @Path("/{itemId}/release")
    @CheckedCall
    @RolesAllowed(Role.AGENT)
    @Operation(summary = "Give the item back at once", description = "No attempt is counted.")
    @APIResponse(
            responseCode = "200",
            description = ACCEPTED,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ItemAccepted.class)))
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = REFUSED)
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> release(
            @Parameter(description = ITEM) @PathParam("itemId") String itemId,
            ReleaseRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return holder(body, itemId, idempotencyKey, caller);
    }

    /**
     * A holder's call, once its body was judged right: the engine's answer, when it comes. The
     * agent is the caller, so a grant held by anyone else is NOT_OWNER whatever epoch is shown.
     */
    private CompletionStage<Response> holder(
            ItemCallBody body, String itemId, String idempotencyKey, SecurityContext caller) {
        final String agent = Caller.agent(caller, body.agent());
        return Answers.of(claims.send(body.command(itemId, RequestIds.of(body.requestId(), idempotencyKey), agent)));
    }

    /** Maps engine answers to HTTP. */
    static final class Answers {
        private Answers() {}

        /** The engine's answer, once it comes, as HTTP. */
        static CompletionStage<Response> of(CompletableFuture<Reply> reply) {
            return Async.answer(reply, Answers::of);
        }

        static Response of(Reply reply) {
            if (reply instanceof Reply.Accepted accepted) {
                return Response.ok(ItemAccepted.of(accepted)).build();
            }
            if (reply instanceof Reply.Granted granted) {
                return Response.ok(new GrantedClaims(granted.grants())).build();
            }
            return rejected((Reply.Rejected) reply);
        }

        static Response rejected(Reply.Rejected rejected) {
            return ProblemMappers.problem(rejected.rejection().problem());
        }
    }
}
