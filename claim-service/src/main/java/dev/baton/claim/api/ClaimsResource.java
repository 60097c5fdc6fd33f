package dev.baton.claim.api;

import dev.baton.service.Async;
import dev.baton.service.ProblemMappers;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reply;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent API: claim, heartbeat, complete, fail, release. Every call is answered only once the
 * engine has decided it and committed the decision. A call carries a request id (the body's
 * {@code requestId} or the {@code Idempotency-Key} header); repeating it returns the same answer.
 *
 * <p>Each method reads and checks its body, then returns a future of the answer: it runs on the
 * event loop and no thread waits for the engine or, on a long poll, for work to appear.
 */
@Path("/claims")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "claims", description = "Claim work, hold it under a lease, and report how it went")
public class ClaimsResource {

    static final int MAX_AGENT = 128;
    static final int MAX_TYPES = 32;
    static final int MAX_BATCH = 100;
    static final int MAX_WAIT_SECONDS = 60;
    static final int MAX_LEASE_SECONDS = 24 * 3600;
    static final int MAX_TEXT = 100_000;
    static final int MAX_LOG_LINES = 500;
    private static final String ITEM_ID = "[A-Za-z0-9._:-]{1,128}";

    @Inject
    Claims claims;

    @POST
    @Path("/next")
    @Operation(summary = "Claim the most urgent ready items",
            description = "Body: agent, types (none = any), max (1-100), leaseSeconds, waitSeconds (0-60, long poll). "
                    + "200 with {claims:[...]}; 204 when nothing became ready in time.")
    public CompletionStage<Response> next(String body, @HeaderParam("Idempotency-Key") String key) {
        final JsonFields fields = JsonFields.parseOrEmpty(body);
        final String agent = fields.text("agent", true, MAX_AGENT);
        final List<String> types = fields.strings("types", MAX_TYPES, 64);
        final Integer max = fields.integer("max", 1, MAX_BATCH);
        final Integer lease = fields.integer("leaseSeconds", 1, MAX_LEASE_SECONDS);
        final Integer wait = fields.integer("waitSeconds", 0, MAX_WAIT_SECONDS);
        final String requestId = requestId(fields, key);
        fields.done();
        return Async.answer(claims.next(requestId, agent, types, max == null ? 1 : max, lease,
                Duration.ofSeconds(wait == null ? 0 : wait)), reply -> {
                    if (reply instanceof Reply.Granted granted) {
                        return granted.grants().isEmpty() ? Response.noContent().build()
                                : Response.ok(Map.of("claims", granted.grants())).build();
                    }
                    return Answers.rejected((Reply.Rejected) reply);
                });
    }

    @POST
    @Path("/{itemId}")
    @Operation(summary = "Claim one item by id", description = "Body: agent, leaseSeconds. 200 with the grant; 409.")
    public CompletionStage<Response> claim(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final JsonFields fields = JsonFields.parseOrEmpty(body);
        checkItemId(itemId);
        final String agent = fields.text("agent", true, MAX_AGENT);
        final Integer lease = fields.integer("leaseSeconds", 1, MAX_LEASE_SECONDS);
        final String requestId = requestId(fields, key);
        fields.done();
        return Async.answer(claims.send(new Command.ClaimItem(requestId, itemId, agent, lease)), reply -> {
            if (reply instanceof Reply.Granted granted) {
                final Grant grant = granted.grants().get(0);
                return Response.ok(grant).build();
            }
            return Answers.of(reply);
        });
    }

    @POST
    @Path("/{itemId}/heartbeat")
    @Operation(summary = "Extend the lease", description = "Body: agent, epoch, progress, leaseSeconds. 200; 409.")
    public CompletionStage<Response> heartbeat(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final String progress = call.fields().text("progress", false, MAX_TEXT);
        final Integer lease = call.fields().integer("leaseSeconds", 1, MAX_LEASE_SECONDS);
        return Answers.of(claims.send(new Command.RenewLease(call.finish(), itemId, call.agent(), call.epoch(), lease,
                progress)));
    }

    @POST
    @Path("/{itemId}/complete")
    @Operation(summary = "Complete the item with its result",
            description = "Body: agent, epoch, result:{summary, notes, tags, logs}. 200; 409.")
    public CompletionStage<Response> complete(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final JsonFields result = call.fields().object("result");
        Result outcome = Result.of(null);
        if (result != null) {
            outcome = new Result(result.text("summary", false, MAX_TEXT), result.text("notes", false, MAX_TEXT),
                    result.strings("tags", 32, 64), result.strings("logs", MAX_LOG_LINES, 4_000));
        }
        return Answers.of(claims.send(new Command.CompleteItem(call.finish(), itemId, call.agent(), call.epoch(),
                outcome)));
    }

    @POST
    @Path("/{itemId}/fail")
    @Operation(summary = "Report a failure",
            description = "Body: agent, epoch, error, retryable. Retryable: back after a backoff, or DEAD when "
                    + "attempts are exhausted. 200; 409.")
    public CompletionStage<Response> fail(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final String error = call.fields().text("error", false, MAX_TEXT);
        final Boolean retryable = call.fields().bool("retryable");
        return Answers.of(claims.send(new Command.FailItem(call.finish(), itemId, call.agent(), call.epoch(), error,
                retryable == null || retryable)));
    }

    @POST
    @Path("/{itemId}/release")
    @Operation(summary = "Give the item back at once", description = "Body: agent, epoch, reason. No attempt counted. 200; 409.")
    public CompletionStage<Response> release(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final String reason = call.fields().text("reason", false, MAX_TEXT);
        return Answers.of(claims.send(new Command.ReleaseItem(call.finish(), itemId, call.agent(), call.epoch(),
                reason)));
    }

    /** What every holder's call carries: the item, the agent and the epoch it presents, and a request id. */
    private record HolderCall(JsonFields fields, String agent, Long epoch, String key) {
        static HolderCall read(String itemId, String body, String key) {
            final JsonFields fields = JsonFields.parse(body);
            checkItemId(itemId);
            return new HolderCall(fields, fields.text("agent", true, MAX_AGENT), fields.requiredLong("epoch"), key);
        }

        /** The request id, once the call's own fields have been read; throws if any field was wrong. */
        String finish() {
            final String requestId = requestId(fields, key);
            fields.done();
            return requestId;
        }
    }

    static void checkItemId(String itemId) {
        if (itemId == null || !itemId.matches(ITEM_ID)) {
            throw new InvalidRequest("itemId", "must be 1 to 128 letters, digits or . _ : -");
        }
    }

    /** The caller's request id (body, then header), or a new one when the caller gives none. */
    static String requestId(JsonFields fields, String header) {
        final String fromBody = fields.text("requestId", false, 200);
        if (fromBody != null) {
            return fromBody;
        }
        if (header != null && !header.isBlank()) {
            if (header.length() > 200) {
                fields.violation("Idempotency-Key", "must be at most 200 characters");
            }
            return header.strip();
        }
        return UUID.randomUUID().toString();
    }

    /** Maps engine answers to HTTP. */
    static final class Answers {
        private Answers() {
        }

        /** The engine's answer, once it comes, as HTTP. */
        static CompletionStage<Response> of(CompletableFuture<Reply> reply) {
            return Async.answer(reply, Answers::of);
        }

        static Response of(Reply reply) {
            if (reply instanceof Reply.Accepted accepted) {
                final Map<String, Object> body = new LinkedHashMap<>();
                body.put("itemId", accepted.itemId());
                body.put("state", accepted.state());
                body.put("epoch", accepted.epoch());
                if (accepted.leaseUntil() != null) {
                    body.put("leaseUntil", accepted.leaseUntil());
                }
                return Response.ok(body).build();
            }
            if (reply instanceof Reply.Granted granted) {
                return Response.ok(Map.of("claims", granted.grants())).build();
            }
            return rejected((Reply.Rejected) reply);
        }

        static Response rejected(Reply.Rejected rejected) {
            return ProblemMappers.problem(rejected.rejection().problem());
        }
    }
}
