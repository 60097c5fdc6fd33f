package dev.baton.claim.api;

import dev.baton.http.Async;
import dev.baton.http.ProblemMappers;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
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
import java.util.ArrayList;
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

    @Inject
    Claims claims;

    @POST
    @Path("/next")
    @Operation(summary = "Claim the most urgent ready items",
            description = "Body: agent, types (none = any), max (1-100), leaseSeconds, waitSeconds (0-60, long poll). "
                    + "200 with {claims:[...]}; 204 when nothing became ready in time.")
    public CompletionStage<Response> next(String body, @HeaderParam("Idempotency-Key") String key) {
        final JsonFields fields = JsonFields.parseOrEmpty(body);
        final String agent = fields.string("agent", true);
        final List<String> types = fields.strings("types");
        final Integer max = fields.integer("max");
        final Integer lease = fields.integer("leaseSeconds");
        final Integer wait = fields.integer("waitSeconds");
        final String requestId = requestId(fields, key);
        fields.check(out -> Rules.between(out, "waitSeconds", wait, 0, Limits.MAX_WAIT_SECONDS));
        checked(fields, new Command.ClaimNext(requestId, agent, types, max == null ? 1 : max, lease));
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
        fields.check(out -> Rules.itemId(out, "itemId", itemId));
        final String agent = fields.string("agent", true);
        final Integer lease = fields.integer("leaseSeconds");
        final String requestId = requestId(fields, key);
        return Async.answer(claims.send(checked(fields, new Command.ClaimItem(requestId, itemId, agent, lease))),
                reply -> {
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
        final String progress = call.fields().string("progress", false);
        final Integer lease = call.fields().integer("leaseSeconds");
        return Answers.of(claims.send(call.checked(new Command.RenewLease(call.requestId(), itemId, call.agent(),
                call.epoch(), lease, progress))));
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
            outcome = new Result(result.string("summary", false), result.string("notes", false),
                    result.strings("tags"), result.strings("logs"));
        }
        return Answers.of(claims.send(call.checked(new Command.CompleteItem(call.requestId(), itemId, call.agent(),
                call.epoch(), outcome))));
    }

    @POST
    @Path("/{itemId}/fail")
    @Operation(summary = "Report a failure",
            description = "Body: agent, epoch, error, retryable. Retryable: back after a backoff, or DEAD when "
                    + "attempts are exhausted. 200; 409.")
    public CompletionStage<Response> fail(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final String error = call.fields().string("error", false);
        final Boolean retryable = call.fields().bool("retryable");
        return Answers.of(claims.send(call.checked(new Command.FailItem(call.requestId(), itemId, call.agent(),
                call.epoch(), error, retryable == null || retryable))));
    }

    @POST
    @Path("/{itemId}/release")
    @Operation(summary = "Give the item back at once", description = "Body: agent, epoch, reason. No attempt counted. 200; 409.")
    public CompletionStage<Response> release(@PathParam("itemId") String itemId, String body,
            @HeaderParam("Idempotency-Key") String key) {
        final HolderCall call = HolderCall.read(itemId, body, key);
        final String reason = call.fields().string("reason", false);
        return Answers.of(claims.send(call.checked(new Command.ReleaseItem(call.requestId(), itemId, call.agent(),
                call.epoch(), reason))));
    }

    /** What every holder's call carries: the item, the agent and the epoch it presents, and a request id. */
    private record HolderCall(JsonFields fields, String agent, Long presentedEpoch, String requestId) {
        static HolderCall read(String itemId, String body, String key) {
            final JsonFields fields = JsonFields.parse(body);
            fields.check(out -> Rules.itemId(out, "itemId", itemId));
            final String agent = fields.string("agent", true);
            final Long epoch = fields.requiredLong("epoch");
            return new HolderCall(fields, agent, epoch, ClaimsResource.requestId(fields, key));
        }

        /** The epoch presented; 0 stands in for a missing one, which {@link #checked} refuses anyway. */
        long epoch() {
            return presentedEpoch == null ? 0 : presentedEpoch;
        }

        /** The command, once the rules found nothing wrong with it or with the call's own fields. */
        <C extends Command> C checked(C command) {
            return ClaimsResource.checked(fields, command);
        }
    }

    /** The command, once every field of the call and the command's own bounds are right; throws otherwise. */
    static <C extends Command> C checked(JsonFields fields, C command) {
        fields.rule(Rules.command(command));
        fields.done();
        return command;
    }

    /**
     * The caller's request id (body, then header), or a new one when the caller gives none. One
     * that breaks the rules is reported, and a stand-in keeps the command's own check from
     * reporting it twice.
     */
    static String requestId(JsonFields fields, String header) {
        final String fromBody = fields.string("requestId", false);
        final String given = fromBody != null ? fromBody : header == null || header.isBlank() ? null : header.strip();
        if (given == null) {
            return UUID.randomUUID().toString();
        }
        final List<Violation> wrong = new ArrayList<>();
        Rules.requestId(wrong, fromBody != null ? "requestId" : "Idempotency-Key", given);
        fields.check(out -> out.addAll(wrong));
        return wrong.isEmpty() ? given : UUID.randomUUID().toString();
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
