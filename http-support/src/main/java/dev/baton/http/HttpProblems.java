package dev.baton.http;

import dev.baton.contracts.http.Problem;
import dev.baton.contracts.limits.Limits;

/**
 * The problems of the HTTP layer itself: a route, a method, a media type, a size that does not
 * fit, a failure of the service. One name per status, so a caller can tell them apart by type.
 */
public final class HttpProblems {

    private HttpProblems() {}

    /** The problem for an HTTP status with nothing more particular to say than {@code detail}. */
    public static Problem of(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.of("bad-request", "Bad request", 400, detail);
            case 404 -> Problem.of("not-found", "No such resource", 404, detail);
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405, detail);
            case 406 -> Problem.of("not-acceptable", "No acceptable representation", 406, detail);
            case 413 -> Problem.of("body-too-large", "Request body too large", 413, detail);
            case 414 -> Problem.of("uri-too-long", "Request target too long", 414, detail);
            case 415 -> Problem.of("unsupported-media-type", "Unsupported media type", 415, detail);
            case 431 -> Problem.of("headers-too-large", "Request headers too large", 431, detail);
            default ->
                status >= 500
                        ? Problem.of("internal-error", "The service failed", status, detail)
                        : Problem.of("http-" + status, "Request not served", status, detail);
        };
    }

    public static Problem bodyTooLarge(long limit) {
        return of(413, "the request body must be at most " + limit + " bytes")
                .withField("$")
                .withFact("limit", limit);
    }

    public static Problem uriTooLong() {
        return of(414, "the request target (path and query) must be at most " + Limits.MAX_URI_LENGTH + " characters")
                .withFact("limit", Limits.MAX_URI_LENGTH);
    }

    public static Problem headersTooLarge() {
        return of(431, "the request headers must be at most " + Limits.MAX_HEADERS_BYTES + " bytes in all")
                .withFact("limit", Limits.MAX_HEADERS_BYTES);
    }

    /** A failure of the service: no internals, only the id under which it was logged. */
    public static Problem internal(String errorId) {
        return of(500, "the service failed to answer this request; it was logged as error " + errorId)
                .withFact("errorId", errorId);
    }
}
