package dev.baton.http.access;

import dev.baton.contracts.http.Problem;
import dev.baton.contracts.http.ProblemException;
import dev.baton.http.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answers of access control, as problems like every other error: 401 with a
 * {@code WWW-Authenticate: Bearer} challenge when a call carries no token or one that does not
 * verify (malformed, too long, expired, signed by another key, from another issuer or for
 * another audience), 403 when the token is good but lacks the endpoint's role or speaks for
 * another agent. Nothing of the token is echoed or logged: its text is the caller's, and a
 * verifier's message may quote it.
 */
public class AccessProblems {

    /** RFC 6750: the scheme a caller must use, and that the token it sent did not do. */
    static final String CHALLENGE_NONE = "Bearer realm=\"baton\"";

    static final String CHALLENGE_INVALID = "Bearer realm=\"baton\", error=\"invalid_token\"";

    private static final String INVALID = "the bearer token is not valid here (malformed, too long, expired, not "
            + "signed by a trusted key, or for another issuer or audience); ask for a new one";

    /** A token was sent and did not verify. */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return unauthorized(INVALID, CHALLENGE_INVALID);
    }

    /** No token at all (or not a bearer one). */
    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return unauthorized(
                "this call needs a token: send Authorization: Bearer <token> (docs/security.md)", CHALLENGE_NONE);
    }

    /** A verified token without the role this endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemMappers.problem(Problem.of(
                "forbidden", "Not allowed", 403, "the token's roles do not allow this call (docs/api.md, \"Roles\")"));
    }

    private static Response unauthorized(String detail, String challenge) {
        return Response.fromResponse(ProblemMappers.problem(unauthorized(detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    private static Problem unauthorized(String detail) {
        return Problem.of("unauthorized", "Not authenticated", 401, detail);
    }

    /** The problem of a token refused at the edge, before any verifier (see {@link #tooLong}). */
    public static Problem unauthorized() {
        return unauthorized(INVALID);
    }

    /** Sets the challenge of an {@code Authorization} header too long to be read at all. */
    public static void tooLong(HttpServerResponse response) {
        response.putHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE_INVALID);
    }

    /** A caller acting for another: a body naming an agent that is not the token's subject. */
    public static final class NotYourself extends ProblemException {

        private final String field;

        public NotYourself(String field) {
            super("a caller named another agent than itself");
            this.field = field;
        }

        @Override
        public Problem problem() {
            return Problem.of(
                            "not-yourself",
                            "Acting for another agent",
                            403,
                            "an agent acts only as itself: leave " + field + " out, or give the token's subject")
                    .withField(field);
        }
    }
}
