package dev.baton.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.limits.Limits;
import dev.baton.http.access.AccessProblems;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first and the last thing every request meets, before and after the REST resources:
 * <ul>
 * <li>Baton's own bounds on the request target, the headers and the body
 * ({@link Limits#MAX_URI_LENGTH}, {@link Limits#MAX_HEADERS_BYTES}, {@link Limits#MAX_BODY_BYTES},
 * or {@link Limits#MAX_BATCH_BODY_BYTES} on the paths named in {@code baton.http.batch-paths}),
 * and on the {@code Authorization} header ({@link Limits#MAX_AUTHORIZATION_CHARS}, a 401),
 * each answered with a 414, 431, 401 or 413 problem (a body of undeclared length sent over HTTP/2 or
 * as a form is left for the resource to read under the same bound, where Quarkus answers an
 * empty 413 past it). The HTTP codec's own limits are set well above
 * these ({@link HttpCodecLimits}) because the codec answers with an empty body, before any route,
 * and Quarkus offers no way to change that answer.</li>
 * <li>a problem for every failure the router sees (a path that cannot be decoded, a body cut
 * short, an exception no mapper took), never Quarkus's HTML or text page;</li>
 * <li>a 404 problem for a path nothing serves.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger("baton.http");
    /** The body limit of a request whose body is left for the resource to read. */
    private static final String UNREAD_LIMIT = "baton.unread-body-limit";
    /** Set once this request's body was read here. */
    private static final String BODY_READ = "baton.body-read";
    /** The body limit of this request, for the 413 the body reader raises as a failure. */
    private static final String BODY_LIMIT = "baton.body-limit";

    @ConfigProperty(name = "baton.http.batch-paths")
    Optional<List<String>> batchPaths;

    void install(@Observes Router router) {
        final BodyHandler body = BodyHandler.create(false).setBodyLimit(Limits.MAX_BODY_BYTES);
        final BodyHandler batch = BodyHandler.create(false).setBodyLimit(Limits.MAX_BATCH_BODY_BYTES);
        // Before Quarkus's own check of Content-Length (which answers an empty 413), after nothing
        // that reads the request.
        final int first = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
        router.route()
                .order(first)
                .handler(ctx -> bounds(
                        ctx,
                        isBatch(ctx) ? batch : body,
                        isBatch(ctx) ? Limits.MAX_BATCH_BODY_BYTES : Limits.MAX_BODY_BYTES))
                .handler(HttpEdge::bodyOrEmpty);
        router.route().order(first).failureHandler(HttpEdge::failed);
        // Quarkus's check (just before) sets its own bound on a body of undeclared length; put
        // back this route's own, for the bodies left for the resource to read.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> {
            final Long limit = ctx.get(UNREAD_LIMIT);
            if (limit != null && ctx.request().getHeader(HttpHeaderNames.CONTENT_LENGTH) == null) {
                ctx.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, limit);
            }
            ctx.next();
        });
        // A failure raised while routes are matched (a path that cannot be decoded) skips the
        // failure handlers and goes to the router's handler for its status.
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503}) {
            router.errorHandler(status, HttpEdge::failed);
        }
        router.route()
                .last()
                .handler(ctx -> answer(
                        ctx,
                        HttpProblems.of(
                                404, "nothing is served at " + ctx.request().path())));
    }

    private boolean isBatch(RoutingContext ctx) {
        return batchPaths.isPresent() && batchPaths.get().contains(ctx.normalizedPath());
    }

    private static void bounds(RoutingContext ctx, BodyHandler reader, long bodyLimit) {
        final HttpServerRequest request = ctx.request();
        ctx.put(BODY_LIMIT, bodyLimit);
        if (request.uri().length() > Limits.MAX_URI_LENGTH) {
            answer(ctx, HttpProblems.uriTooLong());
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            // name ": " value CRLF
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > Limits.MAX_HEADERS_BYTES) {
            answer(ctx, HttpProblems.headersTooLarge());
            return;
        }
        final String authorization = request.getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.length() > Limits.MAX_AUTHORIZATION_CHARS) {
            // no verifier is handed a token this long: it is refused like any token that does not verify
            AccessProblems.tooLong(ctx.response());
            answer(ctx, AccessProblems.unauthorized());
            return;
        }
        final String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            final long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                answer(
                        ctx,
                        HttpProblems.of(400, "Content-Length must be a number of bytes")
                                .withField("Content-Length"));
                return;
            }
            if (declared > bodyLimit) {
                ctx.response().putHeader(HttpHeaderNames.CONNECTION, "close");
                answer(ctx, HttpProblems.bodyTooLarge(bodyLimit));
                return;
            }
        }
        if (form(request) || request.version() == HttpVersion.HTTP_2) {
            // Left unread for the resource, bounded by Quarkus's reader (which answers an empty 413
            // past the bound). No Baton endpoint takes a form, and the body reader would parse one
            // as such; and over HTTP/2 the resources cannot take a body that was read before them.
            ctx.put(UNREAD_LIMIT, bodyLimit);
            ctx.next();
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaderNames.EXPECT))) {
            // the body is read here, before the resource that would otherwise ask for it
            ctx.response().writeContinue();
        }
        ctx.put(BODY_READ, Boolean.TRUE);
        reader.handle(ctx);
    }

    /**
     * An empty body read here is left as no body at all by the reader, and the resource would
     * then wait for one from a request that has ended, until its read times out: hand it an
     * empty one instead.
     */
    private static void bodyOrEmpty(RoutingContext ctx) {
        if (ctx.get(BODY_READ) != null && ctx.body().buffer() == null) {
            ((RoutingContextInternal) ctx).setBody(Buffer.buffer());
        }
        ctx.next();
    }

    private static boolean form(HttpServerRequest request) {
        final String type = request.getHeader(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        final String lower = type.toLowerCase(Locale.ROOT).strip();
        return lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded");
    }

    /** Every failure the router sees becomes a problem; a 5xx is logged with the id the caller is given. */
    private static void failed(RoutingContext ctx) {
        final HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // half an answer is out; the only honest end is to cut it
            response.reset();
            return;
        }
        if (ctx.failure() instanceof AuthenticationFailedException) {
            // A token that is not the stack's (forged, expired, for another audience) is the
            // caller's mistake, not the service's: 401 with the challenge, as a missing one gets.
            response.putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            answer(ctx, HttpProblems.of(401, "the bearer token is not valid here"));
            return;
        }
        final int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status == 413) {
            response.putHeader(HttpHeaderNames.CONNECTION, "close");
            final Long limit = ctx.get(BODY_LIMIT);
            answer(ctx, HttpProblems.bodyTooLarge(limit == null ? Limits.MAX_BODY_BYTES : limit));
            return;
        }
        if (status >= 500) {
            final String id = UUID.randomUUID().toString();
            LOG.errorf(
                    ctx.failure(),
                    "baton.http status=%d error=%s path-length=%d",
                    status,
                    id,
                    ctx.request().path() == null ? 0 : ctx.request().path().length());
            answer(ctx, HttpProblems.internal(id));
            return;
        }
        answer(
                ctx,
                HttpProblems.of(
                        status,
                        status == 400
                                ? "the request could not be read (a malformed path, header or body)"
                                : "the request was refused (HTTP " + status + ")"));
    }

    /** Writes a problem as the whole answer. */
    static void answer(RoutingContext ctx, Problem problem) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
