package dev.baton.claim.api;

import dev.baton.http.Async;
import dev.baton.http.access.Caller;
import dev.baton.http.body.CheckedCall;
import dev.baton.identity.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The holder's calls on several items at once: heartbeat, complete, fail, release, for the role
 * {@code agent} and only as the agent the caller's token names; each item
 * decided as if it had come alone and answered on its own (one may be refused while the others
 * are accepted). One verb per path, so each body is a typed record the OpenAPI document
 * describes; under {@code /batches} rather than {@code /claims}, where every one- and
 * two-segment path already names an item.
 *
 * <p>A malformed call (an item without its epoch, too many items, an oversize result) is refused
 * whole with a problem naming the field ({@code items[3].epoch}); a well-formed one is answered
 * 200 with one result per item. The call's request id (body or {@code Idempotency-Key}) makes a
 * repeat get the first answers; each item is decided under its own id, so it may be repeated
 * alone too.
 */
@Path("/batches")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "batches", description = "A holder's calls on several items at once, each answered on its own")
public class HolderBatchesResource {

    private static final String KEY = "A request id, when the body has none: a repeat gets the first answers";
    private static final String RESULTS = "One result per item, in order: 200 with the item's state, or the refusal";
    private static final String TIMEOUT = "The engine did not answer in time; retry the same call (Retry-After)";

    @Inject
    HolderBatches batches;

    @POST
    @RolesAllowed(Role.AGENT)
    @Path("/heartbeats")
    @CheckedCall
    @Blocking
    @Operation(summary = "Extend the leases of several held items")
    @APIResponse(
            responseCode = "200",
            description = RESULTS,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HolderBatchResults.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> heartbeats(
            HeartbeatsRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return send(body, idempotencyKey, caller);
    }

    @POST
    @RolesAllowed(Role.AGENT)
    @Path("/completions")
    @CheckedCall
    @Blocking
    @Operation(summary = "Complete several held items, each with its result")
    @APIResponse(
            responseCode = "200",
            description = RESULTS,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HolderBatchResults.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> completions(
            CompletionsRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return send(body, idempotencyKey, caller);
    }

    @POST
    @RolesAllowed(Role.AGENT)
    @Path("/failures")
    @CheckedCall
    @Blocking
    @Operation(
            summary = "Report the failure of several held items",
            description = "Retryable: back after a backoff, or DEAD when attempts are exhausted.")
    @APIResponse(
            responseCode = "200",
            description = RESULTS,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HolderBatchResults.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> failures(
            FailuresRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return send(body, idempotencyKey, caller);
    }

    @POST
    @RolesAllowed(Role.AGENT)
    @Path("/releases")
    @CheckedCall
    @Blocking
    @Operation(summary = "Give several held items back at once", description = "No attempt is counted.")
    @APIResponse(
            responseCode = "200",
            description = RESULTS,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HolderBatchResults.class)))
    @APIResponse(responseCode = "503", description = TIMEOUT)
    public CompletionStage<Response> releases(
            ReleasesRequest body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext caller) {
        return send(body, idempotencyKey, caller);
    }

    /** A call whose body was judged right: every item's answer, once the engine has given them all. */
    private CompletionStage<Response> send(HolderBatchBody body, String idempotencyKey, SecurityContext caller) {
        final String agent = Caller.agent(caller, body.agent());
        final String callId = RequestIds.of(body.requestId(), idempotencyKey);
        final var itemIds =
                body.items().stream().map(HolderBatchBody.Part::itemId).toList();
        return Async.answer(
                batches.send(callId, body.commands(callId, agent)),
                answers -> Response.ok(HolderBatchResults.of(itemIds, answers)).build());
    }
}
