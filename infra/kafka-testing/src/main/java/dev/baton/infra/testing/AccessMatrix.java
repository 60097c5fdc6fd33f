package dev.baton.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.identity.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The role x endpoint matrix of a running service, read from its own OpenAPI document so that an
 * endpoint added tomorrow is in it without anyone remembering: every operation must name the roles
 * it needs (its security requirement), refuse a call without a token with 401, refuse every other
 * role with 403 (both as problems, the 401 with a Bearer challenge), and let its own role through.
 *
 * <p>A call let through that answers a stream of server-sent events is judged by its status and
 * headers; its body is not awaited.
 *
 * <p>A call let through is sent a body that is not an object ({@code []}) and path values that
 * name nothing, so it is refused for its input, never acted on: a matrix run leaves no trace.
 */
public final class AccessMatrix {

    /** One operation of the document and the roles it names. */
    public record Endpoint(String method, String path, List<String> roles) {

        @Override
        public String toString() {
            return method + " " + path + " " + roles;
        }
    }

    /** One call of the matrix and what it got. */
    public record Outcome(Endpoint endpoint, String as, int status, String contentType, String challenge) {}

    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private AccessMatrix() {}

    /** Every operation of the service at {@code base}, with the roles its document names. */
    public static List<Endpoint> endpoints(URI base) {
        final JsonNode document = read(
                call("GET", base.resolve("/q/openapi?format=json"), null, null).body());
        final List<Endpoint> endpoints = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> paths =
                document.path("paths").fields();
        while (paths.hasNext()) {
            final Map.Entry<String, JsonNode> path = paths.next();
            final Iterator<Map.Entry<String, JsonNode>> operations =
                    path.getValue().fields();
            while (operations.hasNext()) {
                final Map.Entry<String, JsonNode> operation = operations.next();
                final List<String> roles = new ArrayList<>();
                for (JsonNode requirement : operation.getValue().path("security")) {
                    requirement.elements().forEachRemaining(scopes -> scopes.forEach(role -> roles.add(role.asText())));
                }
                endpoints.add(new Endpoint(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), roles));
            }
        }
        return endpoints;
    }

    /**
     * Checks the whole matrix of the service at {@code base}, each failure named by its endpoint
     * and role; returns the endpoints checked.
     */
    public static List<Endpoint> check(URI base) {
        final List<Endpoint> endpoints = endpoints(base);
        final List<String> wrong = new ArrayList<>();
        if (endpoints.isEmpty()) {
            wrong.add("the OpenAPI document lists no operation");
        }
        for (Endpoint endpoint : endpoints) {
            if (endpoint.roles().isEmpty()) {
                wrong.add(endpoint + " names no role");
            }
            final Outcome anonymous = anonymous(base, endpoint);
            if (anonymous.status() != 401
                    || !anonymous.contentType().startsWith(PROBLEM)
                    || !anonymous.challenge().startsWith("Bearer")) {
                wrong.add(endpoint + " without a token: " + anonymous);
            }
            for (String role : Role.ALL) {
                final Outcome outcome = as(base, endpoint, role);
                if (allows(endpoint, role)) {
                    // a 503 is the service not ready yet (a read model still loading): let through all the same
                    if (outcome.status() == 401 || outcome.status() == 403 || outcome.status() == 500) {
                        wrong.add(endpoint + " as " + role + " should be let through: " + outcome);
                    }
                } else if (outcome.status() != 403 || !outcome.contentType().startsWith(PROBLEM)) {
                    wrong.add(endpoint + " as " + role + " should be a 403 problem: " + outcome);
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("the role x endpoint matrix is broken:\n  " + String.join("\n  ", wrong));
        }
        return endpoints;
    }

    /** Without a token. */
    public static Outcome anonymous(URI base, Endpoint endpoint) {
        return outcome(base, endpoint, "nobody", null);
    }

    /** With a token of one role. */
    public static Outcome as(URI base, Endpoint endpoint, String role) {
        return outcome(base, endpoint, role, TestTokens.of("matrix-" + role, role));
    }

    /** Whether a token of {@code role} may make this call. */
    public static boolean allows(Endpoint endpoint, String role) {
        final Set<String> held = Role.withImplied(List.of(role));
        return endpoint.roles().stream().anyMatch(held::contains);
    }

    private static Outcome outcome(URI base, Endpoint endpoint, String as, String token) {
        final String path = endpoint.path().replaceAll("\\{[^}]+}", "access-matrix-nothing");
        final Answer answer = call(endpoint.method(), base.resolve(path), token, "[]");
        return new Outcome(
                endpoint,
                as,
                answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(""),
                answer.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    /** What a call got: a stream's body is not waited for (it would never end), only its status and headers. */
    private record Answer(int statusCode, HttpHeaders headers, String body) {}

    private static Answer call(String method, URI uri, String token, String body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && !method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            final HttpResponse<InputStream> answer =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                final boolean stream =
                        answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                return new Answer(
                        answer.statusCode(),
                        answer.headers(),
                        stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
    }
}
