package dev.baton.http;

import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.http.ProblemException;
import dev.baton.contracts.http.Violation;
import dev.baton.http.body.Listed;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error answer is {@code application/problem+json}: the offending field, or the rejection's
 * reason and facts. The framework's own refusals (no such path, method or media type) become
 * problems too, and anything unexpected a 500 problem that names only the id it was logged under.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger("baton.http");

    /** An error that knows its answer: a bad request, an engine that did not answer, a refused submission. */
    @ServerExceptionMapper
    public Response known(ProblemException e) {
        final Response answer = problem(e.problem());
        return e.retryAfterSeconds() == null
                ? answer
                : Response.fromResponse(answer)
                        .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
                        .build();
    }

    /**
     * A request body (with its item and key) that breaks the rules, found by Bean Validation
     * ({@code CheckedCall}): the same answer as any invalid request, every violation listed.
     */
    @ServerExceptionMapper
    public Response invalidBody(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(Listed::ofAnswer)) {
            return unexpected(new IllegalStateException("an answer broke its own constraints", e));
        }
        final List<Violation> violations = Listed.violations(e.getConstraintViolations());
        return known(
                violations.isEmpty()
                        ? new InvalidRequest("$", "breaks the rules of the request")
                        : new InvalidRequest(violations));
    }

    /** 404, 405, 406, 415 and the like, raised by the framework before a resource method runs. */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e, Request request, UriInfo uri) {
        final Response given = e.getResponse();
        final int status = given == null ? 500 : given.getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        final String method = request.getMethod();
        final String detail = switch (status) {
            case 404 -> "nothing is served at " + uri.getPath();
            case 405 ->
                method + " is not served at " + uri.getPath()
                        + (given.getHeaderString("Allow") == null
                                ? ""
                                : "; allowed: " + given.getHeaderString("Allow"));
            case 406 -> "no representation of " + uri.getPath() + " matches the Accept header";
            case 415 -> "the Content-Type of this request is not taken here; send application/json";
            default -> "the request was refused (HTTP " + status + ")";
        };
        final Response.ResponseBuilder answer =
                Response.status(status).type(Problem.MEDIA_TYPE).entity(HttpProblems.of(status, detail));
        for (String header : new String[] {"Allow", "Retry-After", HttpHeaders.WWW_AUTHENTICATE}) {
            if (given != null && given.getHeaderString(header) != null) {
                answer.header(header, given.getHeaderString(header));
            }
        }
        return answer.build();
    }

    /** The last resort: whatever else went wrong is logged with an id, and the caller gets only the id. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        // An answer that failed on its way through a future arrives wrapped: judge what it carries.
        final Throwable cause = Async.cause(e);
        if (cause instanceof ProblemException known) {
            return known(known);
        } else if (cause instanceof ConstraintViolationException violated) {
            return invalidBody(violated);
        }
        final String id = UUID.randomUUID().toString();
        LOG.errorf(
                e,
                "baton.http status=500 error=%s exception=%s",
                id,
                e.getClass().getName());
        return problem(HttpProblems.internal(id));
    }

    public static Response problem(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
