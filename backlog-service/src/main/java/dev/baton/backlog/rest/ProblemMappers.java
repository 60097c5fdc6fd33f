package dev.baton.backlog.rest;

import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is {@code application/problem+json} naming the offending field. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e) {
        return problem(e.problem());
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
