package dev.baton.backlog.rest;

import dev.baton.backlog.submit.InvalidSubmission;
import dev.baton.backlog.submit.Violation;
import dev.baton.contracts.http.Problem;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is {@code application/problem+json} naming the offending field. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidSubmission(InvalidSubmission e) {
        final Violation first = e.violations().get(0);
        final Problem problem = Problem.of("invalid-field", "Invalid submission", 400,
                first.field() + " " + first.message())
                .withField(first.field())
                .withFact("violations", e.violations().stream()
                        .map(v -> java.util.Map.of("field", v.field(), "message", v.message()))
                        .collect(Collectors.toList()));
        return problem(problem);
    }

    @ServerExceptionMapper
    public Response malformedBody(JsonBody.Malformed e) {
        return problem(Problem.of("malformed-body", "Malformed JSON body", 400, e.getMessage()).withField("$"));
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
