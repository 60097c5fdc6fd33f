package dev.baton.backlog.rest;

import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.contracts.http.Problem;
import dev.baton.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The backlog's own error answer: the read model is not ready yet (503, retry). */
public class ReadModelProblems {

    @ServerExceptionMapper
    public Response readModelUnavailable(ReadModel.Unavailable e) {
        return Response.fromResponse(ProblemMappers.problem(
                        Problem.of("read-model-unavailable", "The read model is not ready", 503, e.getMessage())))
                .header("Retry-After", "1")
                .build();
    }
}
