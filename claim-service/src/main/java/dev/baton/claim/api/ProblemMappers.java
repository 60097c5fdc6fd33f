package dev.baton.claim.api;

import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.reply.Rejection;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is {@code application/problem+json}: the offending field, or the rejection's reason and facts. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e) {
        return problem(e.problem());
    }

    @ServerExceptionMapper
    public Response engineTimeout(EngineTimeout e) {
        return Response.fromResponse(problem(Problem.of("engine-timeout", "The claim engine did not answer in time",
                503, e.getMessage()))).header("Retry-After", "1").build();
    }

    static Problem rejection(Rejection r) {
        final int status = switch (r.reason()) {
            case UNKNOWN_ITEM -> 404;
            case INVALID -> 400;
            default -> 409;
        };
        final String name = r.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
        final String title = switch (r.reason()) {
            case ALREADY_CLAIMED -> "The item is held by another agent";
            case STALE_EPOCH -> "The epoch is not the item's current one";
            case NOT_OWNER -> "The agent does not hold the item";
            case NOT_READY -> "The item is not ready";
            case TERMINAL -> "The item is finished";
            case NOT_DEAD -> "Only a dead item can be redriven";
            case UNKNOWN_ITEM -> "No such item";
            case INVALID -> "Invalid request";
        };
        return Problem.of(name, title, status, r.detail())
                .withFact("reason", r.reason().name())
                .withFact("itemId", r.itemId())
                .withFact("owner", r.owner())
                .withFact("leaseUntil", r.leaseUntil())
                .withFact("epoch", r.epoch())
                .withFact("state", r.state());
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

}
