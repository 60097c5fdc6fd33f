package dev.baton.service;

import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Problem;
import dev.baton.engine.client.EngineTimeout;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is {@code application/problem+json}: the offending field, or the rejection's reason and facts. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e) {
        return problem(e.problem());
    }

    @ServerExceptionMapper
    public Response engineTimeout(EngineTimeout e) {
        return Response.fromResponse(problem(e.problem())).header("Retry-After", "1").build();
    }

    public static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
